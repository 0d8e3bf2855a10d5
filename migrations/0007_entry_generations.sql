-- 0007_entry_generations: the 意見・質問 lists are cached like the counts
-- (server/entries.c); they also hold the imported entries and the Ministry's
-- replies, so a change to either replaces its survey's token too.

CREATE TRIGGER imported_entries_counted_insert AFTER INSERT ON imported_entries BEGIN
    UPDATE data_generations SET token = random() WHERE id = 'survey:' || NEW.survey_id;
END;
CREATE TRIGGER imported_entries_counted_update AFTER UPDATE ON imported_entries BEGIN
    UPDATE data_generations SET token = random() WHERE id = 'survey:' || NEW.survey_id;
END;
CREATE TRIGGER imported_entries_counted_delete AFTER DELETE ON imported_entries BEGIN
    UPDATE data_generations SET token = random() WHERE id = 'survey:' || OLD.survey_id;
END;
CREATE TRIGGER entry_replies_counted_insert AFTER INSERT ON entry_replies BEGIN
    UPDATE data_generations SET token = random() WHERE id = 'survey:' || NEW.survey_id;
END;
CREATE TRIGGER entry_replies_counted_update AFTER UPDATE ON entry_replies BEGIN
    UPDATE data_generations SET token = random() WHERE id = 'survey:' || NEW.survey_id;
END;
CREATE TRIGGER entry_replies_counted_delete AFTER DELETE ON entry_replies BEGIN
    UPDATE data_generations SET token = random() WHERE id = 'survey:' || OLD.survey_id;
END;
-- An UPDATE that moves a row to another survey changes the old one's list too.
CREATE TRIGGER imported_entries_counted_move AFTER UPDATE OF survey_id ON imported_entries BEGIN
    UPDATE data_generations SET token = random() WHERE id = 'survey:' || OLD.survey_id;
END;
CREATE TRIGGER entry_replies_counted_move AFTER UPDATE OF survey_id ON entry_replies BEGIN
    UPDATE data_generations SET token = random() WHERE id = 'survey:' || OLD.survey_id;
END;

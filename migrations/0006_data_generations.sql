-- 0006_data_generations: what the aggregate cache (server/agg_cache.c) checks
-- before reusing counted results. A row's token is replaced by a random value
-- whenever data that results are counted from changes: 'master' for the 団体
-- master, the grouping schemes and survey definitions; 'survey:<id>' for the
-- responses of one survey. Triggers do it, so no writer can forget it, and
-- random tokens (not counters) stay distinct across a restore from a backup.
-- The triggers only UPDATE (an outer INSERT ... ON CONFLICT would turn a
-- trigger's own conflict handling into an abort); the rows exist from here on,
-- and a survey without its row is never cached.

CREATE TABLE data_generations (
    id    TEXT PRIMARY KEY,
    token INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO data_generations VALUES ('master', random());
INSERT INTO data_generations SELECT 'survey:' || id, random() FROM surveys;

CREATE TRIGGER surveys_generation_row AFTER INSERT ON surveys BEGIN
    INSERT INTO data_generations SELECT 'survey:' || NEW.id, random()
        WHERE NOT EXISTS (SELECT 1 FROM data_generations WHERE id = 'survey:' || NEW.id);
END;
CREATE TRIGGER responses_counted_insert AFTER INSERT ON responses BEGIN
    UPDATE data_generations SET token = random() WHERE id = 'survey:' || NEW.survey_id;
END;
CREATE TRIGGER responses_counted_update AFTER UPDATE ON responses
WHEN OLD.submitted_version IS NOT NEW.submitted_version OR OLD.org_kind IS NOT NEW.org_kind
  OR OLD.org_code IS NOT NEW.org_code OR OLD.survey_id IS NOT NEW.survey_id BEGIN
    UPDATE data_generations SET token = random() WHERE id = 'survey:' || OLD.survey_id;
    UPDATE data_generations SET token = random() WHERE id = 'survey:' || NEW.survey_id;
END;
CREATE TRIGGER responses_counted_delete AFTER DELETE ON responses BEGIN
    UPDATE data_generations SET token = random() WHERE id = 'survey:' || OLD.survey_id;
END;
-- Versions are never changed or deleted; should one be, its survey is recounted.
CREATE TRIGGER versions_counted_update AFTER UPDATE ON response_versions BEGIN
    UPDATE data_generations SET token = random()
        WHERE id = (SELECT 'survey:' || survey_id FROM responses WHERE id = OLD.response_id);
END;
CREATE TRIGGER versions_counted_delete AFTER DELETE ON response_versions BEGIN
    UPDATE data_generations SET token = random()
        WHERE id = (SELECT 'survey:' || survey_id FROM responses WHERE id = OLD.response_id);
END;
CREATE TRIGGER organizations_master_insert AFTER INSERT ON organizations BEGIN
    UPDATE data_generations SET token = random() WHERE id = 'master';
END;
CREATE TRIGGER organizations_master_update AFTER UPDATE ON organizations BEGIN
    UPDATE data_generations SET token = random() WHERE id = 'master';
END;
CREATE TRIGGER organizations_master_delete AFTER DELETE ON organizations BEGIN
    UPDATE data_generations SET token = random() WHERE id = 'master';
END;
CREATE TRIGGER groupings_master_insert AFTER INSERT ON groupings BEGIN
    UPDATE data_generations SET token = random() WHERE id = 'master';
END;
CREATE TRIGGER groupings_master_update AFTER UPDATE ON groupings BEGIN
    UPDATE data_generations SET token = random() WHERE id = 'master';
END;
CREATE TRIGGER groupings_master_delete AFTER DELETE ON groupings BEGIN
    UPDATE data_generations SET token = random() WHERE id = 'master';
END;
CREATE TRIGGER grouping_groups_master_insert AFTER INSERT ON grouping_groups BEGIN
    UPDATE data_generations SET token = random() WHERE id = 'master';
END;
CREATE TRIGGER grouping_groups_master_update AFTER UPDATE ON grouping_groups BEGIN
    UPDATE data_generations SET token = random() WHERE id = 'master';
END;
CREATE TRIGGER grouping_groups_master_delete AFTER DELETE ON grouping_groups BEGIN
    UPDATE data_generations SET token = random() WHERE id = 'master';
END;
CREATE TRIGGER grouping_kinds_master_insert AFTER INSERT ON grouping_kinds BEGIN
    UPDATE data_generations SET token = random() WHERE id = 'master';
END;
CREATE TRIGGER grouping_kinds_master_update AFTER UPDATE ON grouping_kinds BEGIN
    UPDATE data_generations SET token = random() WHERE id = 'master';
END;
CREATE TRIGGER grouping_kinds_master_delete AFTER DELETE ON grouping_kinds BEGIN
    UPDATE data_generations SET token = random() WHERE id = 'master';
END;
CREATE TRIGGER surveys_master_insert AFTER INSERT ON surveys BEGIN
    UPDATE data_generations SET token = random() WHERE id = 'master';
END;
CREATE TRIGGER surveys_master_update AFTER UPDATE ON surveys BEGIN
    UPDATE data_generations SET token = random() WHERE id = 'master';
END;
CREATE TRIGGER surveys_master_delete AFTER DELETE ON surveys BEGIN
    UPDATE data_generations SET token = random() WHERE id = 'master';
END;

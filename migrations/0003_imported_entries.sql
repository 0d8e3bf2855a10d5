-- 0003_imported_entries: 意見・質問 taken from a published list or an Excel
-- file (`shokai import entries`), shown with the entries of responses.

CREATE TABLE imported_entries (
    id           INTEGER PRIMARY KEY,
    survey_id    TEXT NOT NULL REFERENCES surveys(id),
    question_id  TEXT NOT NULL,               -- the entry table question, e.g. 'entries'
    seq          INTEGER NOT NULL,            -- row order in the imported file
    kind         TEXT NOT NULL,               -- 意見 / 質問
    published_no INTEGER,                     -- 項番 as published, if given
    material     TEXT NOT NULL DEFAULT '',    -- '' = not given
    page         TEXT NOT NULL DEFAULT '',
    category     TEXT NOT NULL DEFAULT '',
    body         TEXT NOT NULL,
    org_code     TEXT REFERENCES organizations(code), -- NULL when the list names none
    imported_at  INTEGER NOT NULL,
    source       TEXT NOT NULL                -- the file name given on the command line
);
CREATE INDEX imported_entries_by_survey ON imported_entries(survey_id, question_id, seq);

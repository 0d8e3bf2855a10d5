-- 0014_survey_drafts: surveys the Ministry is still designing in the browser
-- (the editor, issue #18). A draft lives here, not in surveys, so no list,
-- answering page, result or API of 団体 can see it: it reaches surveys only
-- when the Ministry opens it (survey_draft_open), and leaves this table then.

CREATE TABLE survey_drafts (
    id         TEXT PRIMARY KEY,             -- the id it will have once opened
    definition TEXT NOT NULL,                -- JSON, checked by survey_parse_draft
    created_at INTEGER NOT NULL,             -- Unix seconds
    created_by INTEGER REFERENCES users(id), -- NULL: the command line
    updated_at INTEGER NOT NULL
) WITHOUT ROWID;

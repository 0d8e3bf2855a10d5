-- 0002_surveys: survey definitions, responses and their versions.

-- A survey (照会) or self-check (自己点検) definition: validated JSON from
-- seeds/surveys/. Once a survey has responses its definition is never
-- replaced; a changed survey gets a new id.
CREATE TABLE surveys (
    id         TEXT PRIMARY KEY,             -- e.g. 'r7-ikenshokai'
    revision   INTEGER NOT NULL,             -- the definition's own revision number
    kind       TEXT NOT NULL CHECK (kind IN ('survey','selfcheck')),
    title      TEXT NOT NULL,
    definition TEXT NOT NULL,                -- the JSON as loaded (canonical form)
    opens_at   INTEGER NOT NULL,             -- 照会期間, Unix seconds (shown in JST)
    closes_at  INTEGER NOT NULL,
    position   INTEGER NOT NULL DEFAULT 0,   -- list order
    loaded_at  INTEGER NOT NULL,
    CHECK (closes_at > opens_at)
) WITHOUT ROWID;

-- The Ministry re-opens a survey for one 団体 until a given time.
CREATE TABLE survey_reopenings (
    survey_id TEXT NOT NULL REFERENCES surveys(id),
    org_code  TEXT NOT NULL REFERENCES organizations(code),
    until     INTEGER NOT NULL,
    PRIMARY KEY (survey_id, org_code)
) WITHOUT ROWID;

-- One response per survey and 団体: points at its newest version and at its
-- newest submitted version (the one results count).
CREATE TABLE responses (
    id                INTEGER PRIMARY KEY,
    survey_id         TEXT NOT NULL REFERENCES surveys(id),
    org_code          TEXT NOT NULL REFERENCES organizations(code),
    org_kind          TEXT NOT NULL,         -- the 団体's kind when it answered
    version           INTEGER NOT NULL,      -- newest version number
    submitted_version INTEGER,               -- newest submitted version, NULL if never
    updated_at        INTEGER NOT NULL,
    UNIQUE (survey_id, org_code)
);

-- Every save (一時保存) and submission (提出) as an immutable version.
CREATE TABLE response_versions (
    response_id INTEGER NOT NULL REFERENCES responses(id),
    version     INTEGER NOT NULL,
    state       TEXT NOT NULL CHECK (state IN ('draft','submitted')),
    answers     TEXT NOT NULL,               -- JSON object {question id: value}
    saved_at    INTEGER NOT NULL,
    saved_by    INTEGER REFERENCES users(id),
    proxy       INTEGER NOT NULL DEFAULT 0,  -- 1 = 代理入力 by the Ministry
    PRIMARY KEY (response_id, version)
) WITHOUT ROWID;

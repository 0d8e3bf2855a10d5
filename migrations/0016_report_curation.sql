-- 0016_report_curation: the parts of a results report that the Ministry
-- writes itself, as the published documents have them (issue #20): the past
-- rounds it compares with (過年度実績), grouping schemes it composes from
-- 団体区分, and the curated 具体的な内容 (bullets picked, edited and merged
-- from the answers, per section, with a summary sentence and ※ notes).

-- When the Ministry composed a grouping scheme from 団体区分 on the schemes
-- page (who: in the audit). NULL: shipped in seeds/groupings.json, which
-- `shokai seed` reloads; composed ones are kept.
ALTER TABLE groupings ADD COLUMN composed_at INTEGER;

-- 過年度実績: an earlier round of the same consultation that a report compares
-- its 意見・質問 senders with. Recorded by the Ministry, never guessed: either
-- a round run outside shokai, entered as figures with their source, or a
-- round run in shokai (linked_survey), whose figures are counted from it.
CREATE TABLE past_rounds (
    id            INTEGER PRIMARY KEY,
    survey_id     TEXT NOT NULL REFERENCES surveys(id),  -- the report that shows it
    label         TEXT NOT NULL,        -- 「令和6年10月改定」
    year          INTEGER NOT NULL,     -- when it was held (Gregorian; shown in 和暦)
    month         INTEGER NOT NULL CHECK (month BETWEEN 1 AND 12),
    linked_survey TEXT REFERENCES surveys(id),  -- run in shokai: counted from it
    senders_pref  INTEGER CHECK (senders_pref >= 0),  -- run outside: 意見・質問提出団体
    senders_muni  INTEGER CHECK (senders_muni >= 0),
    source        TEXT NOT NULL DEFAULT '',  -- 「令和7年2月 意見照会結果 p.1」
    CHECK ((linked_survey IS NULL) = (senders_pref IS NOT NULL AND senders_muni IS NOT NULL))
);
CREATE INDEX past_rounds_survey ON past_rounds(survey_id, year, month);

-- The scheme whose groups are the sections of a survey's curated 具体的な内容
-- (one curation per survey; the report prints it instead of the raw rows).
CREATE TABLE report_curations (
    survey_id TEXT PRIMARY KEY REFERENCES surveys(id),
    scheme    TEXT NOT NULL
) WITHOUT ROWID;

-- One section of a curation: its summary sentence and its ※ notes.
CREATE TABLE report_sections (
    survey_id TEXT NOT NULL REFERENCES report_curations(survey_id) ON DELETE CASCADE,
    grp       TEXT NOT NULL,            -- the group's label in the curation's scheme
    summary   TEXT NOT NULL DEFAULT '',
    notes     TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (survey_id, grp)
) WITHOUT ROWID;

-- A published bullet of a section: the Ministry's text under a 課題 and a
-- 項目, in the section's order. The answers it was made from stay as they
-- were; report_bullet_sources links them by their entry key.
CREATE TABLE report_bullets (
    id        INTEGER PRIMARY KEY,
    survey_id TEXT NOT NULL REFERENCES report_curations(survey_id) ON DELETE CASCADE,
    grp       TEXT NOT NULL,
    position  INTEGER NOT NULL,
    challenge TEXT NOT NULL,            -- 課題
    item      TEXT NOT NULL,            -- 項目
    body      TEXT NOT NULL             -- 具体的な内容 as published
);
CREATE INDEX report_bullets_section ON report_bullets(survey_id, grp, position);

-- The answer rows a bullet was made from (entry_key.h keys of the survey's
-- 具体的な内容 rows): two or more when rows were merged.
CREATE TABLE report_bullet_sources (
    bullet_id INTEGER NOT NULL REFERENCES report_bullets(id) ON DELETE CASCADE,
    entry_key TEXT NOT NULL,
    PRIMARY KEY (bullet_id, entry_key)
) WITHOUT ROWID;

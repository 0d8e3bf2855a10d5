-- 0005_report_notes: the まとめ of a results report (考察 and 方向性), written
-- by the Ministry on the report page. Every save is a new version.

CREATE TABLE report_notes (
    survey_id      TEXT NOT NULL REFERENCES surveys(id),
    version        INTEGER NOT NULL,
    considerations TEXT NOT NULL DEFAULT '',   -- 考察
    direction      TEXT NOT NULL DEFAULT '',   -- 方向性
    saved_at       INTEGER NOT NULL,
    saved_by       INTEGER REFERENCES users(id),
    PRIMARY KEY (survey_id, version)
) WITHOUT ROWID;

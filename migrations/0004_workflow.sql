-- 0004_workflow: 差戻し, in-団体 approval, replies to 意見・質問, publication.

-- Approvers (課長決裁) inside a 団体: on surveys that require approval, staff
-- send a draft to an approver of the same 団体, who submits it or returns it.
ALTER TABLE users ADD COLUMN approver INTEGER NOT NULL DEFAULT 0;

-- The draft version sent for approval, NULL when none is waiting.
ALTER TABLE responses ADD COLUMN awaiting_approval INTEGER;
-- Set while a response is sent back (差戻し) and not yet submitted again.
ALTER TABLE responses ADD COLUMN returned_at INTEGER;

-- What happened to a response besides its versions: returns and approvals,
-- with the comment shown to the 団体.
CREATE TABLE response_events (
    id          INTEGER PRIMARY KEY,
    response_id INTEGER NOT NULL REFERENCES responses(id),
    at          INTEGER NOT NULL,
    user_id     INTEGER REFERENCES users(id),
    event       TEXT NOT NULL CHECK (event IN ('return', 'approval_request', 'approve', 'reject')),
    comment     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX response_events_by_response ON response_events(response_id, at);

-- The Ministry's reply (回答・考え方) to one 意見・質問 entry. entry_key
-- identifies the entry: a hash of its 団体 and content, or imp-<id> for an
-- imported entry.
CREATE TABLE entry_replies (
    survey_id   TEXT NOT NULL REFERENCES surveys(id),
    question_id TEXT NOT NULL,
    entry_key   TEXT NOT NULL,
    disposition TEXT NOT NULL CHECK (disposition IN ('修正する', '原案どおり', '今後の検討課題', '回答')),
    reply       TEXT NOT NULL DEFAULT '',
    updated_at  INTEGER NOT NULL,
    updated_by  INTEGER REFERENCES users(id),
    PRIMARY KEY (survey_id, question_id, entry_key)
) WITHOUT ROWID;

-- A survey whose results the Ministry has published to org and pref accounts.
CREATE TABLE survey_publications (
    survey_id     TEXT PRIMARY KEY REFERENCES surveys(id),
    published_at  INTEGER NOT NULL,
    published_by  INTEGER REFERENCES users(id),
    suppress_below INTEGER NOT NULL DEFAULT 0 -- groups with fewer respondents show no counts
) WITHOUT ROWID;

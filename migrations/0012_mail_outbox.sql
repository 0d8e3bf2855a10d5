-- 0012_mail_outbox: e-mail (#17). A mail is a row written in the same
-- transaction as the event that causes it (a 督促, a 差戻し, a publication,
-- an account's link); the sender thread of `shokai serve` delivers it through
-- SMTP with retries, so a server that is down or refuses loses nothing.

-- Every mail shokai sends, in the order it was caused.
CREATE TABLE mail_outbox (
    id              INTEGER PRIMARY KEY,
    recipient       TEXT NOT NULL,               -- one address (addr-spec, checked at enqueue)
    subject         TEXT NOT NULL,               -- plain text; MIME-encoded when sent
    body            TEXT NOT NULL,               -- plain text; '' once sent when sensitive
    message_id      TEXT NOT NULL UNIQUE,        -- '<…@host>', made at enqueue: a duplicate
                                                 -- delivery after a crash carries the same one
    state           TEXT NOT NULL DEFAULT 'queued'
                    CHECK (state IN ('queued','sending','sent','failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,  -- deliveries tried
    next_attempt_at INTEGER NOT NULL,            -- Unix seconds: not tried before
    last_reply      TEXT NOT NULL DEFAULT '',    -- the SMTP server's last answer, or why none came
    created_at      INTEGER NOT NULL,            -- also the Date header
    sent_at         INTEGER,                     -- when the server accepted it
    cause           TEXT NOT NULL,               -- 'reminder', 'return', 'opening', 'published', ...
    ref             TEXT NOT NULL DEFAULT '',    -- what it concerns: survey id, 'survey/団体コード'
    sensitive       INTEGER NOT NULL DEFAULT 0   -- 1: the body holds a one-time link
);
CREATE INDEX mail_outbox_due ON mail_outbox(state, next_attempt_at);

-- Mails the server sends by itself, once each: the 照会開始のお知らせ of a
-- survey ('opening') and the automatic reminders before its deadline
-- ('remind:DAYS:CLOSES_AT', so a moved deadline gets its own).
CREATE TABLE mail_schedule_done (
    survey_id TEXT NOT NULL REFERENCES surveys(id),
    what      TEXT NOT NULL,
    done_at   INTEGER NOT NULL,
    PRIMARY KEY (survey_id, what)
) WITHOUT ROWID;
-- Surveys whose period opened before this upgrade were announced without
-- e-mail: no 照会開始のお知らせ weeks late.
INSERT INTO mail_schedule_done(survey_id, what, done_at)
    SELECT id, 'opening', CAST(strftime('%s', 'now') AS INTEGER) FROM surveys
    WHERE opens_at <= CAST(strftime('%s', 'now') AS INTEGER);


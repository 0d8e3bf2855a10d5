-- 0009_api_token_expiry: API tokens carry a name, an expiry and the time of
-- their last use, and an id by which their owner lists and revokes them at
-- /account/tokens (assessment #15, finding 10: tokens never expired).
-- SQLite cannot add a primary key to a table, so it is built anew.

-- An API token: only the hash of the secret is kept. A token is live while
-- revoked_at is NULL and the time is before expires_at (serve --token-days
-- after its creation).
CREATE TABLE api_tokens_new (
    id           INTEGER PRIMARY KEY,
    token_hash   BLOB NOT NULL UNIQUE,
    user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name         TEXT NOT NULL DEFAULT '',     -- the owner's label, e.g. 集計用スクリプト
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    last_used_at INTEGER,                      -- to the minute; NULL: never used
    revoked_at   INTEGER
);

-- Tokens issued before this release expire 90 days after the upgrade.
INSERT INTO api_tokens_new(token_hash, user_id, created_at, expires_at, revoked_at)
SELECT token_hash, user_id, created_at,
       CAST(strftime('%s', 'now') AS INTEGER) + 90 * 86400, revoked_at
  FROM api_tokens;
DROP TABLE api_tokens;
ALTER TABLE api_tokens_new RENAME TO api_tokens;
CREATE INDEX api_tokens_by_user ON api_tokens(user_id, created_at);

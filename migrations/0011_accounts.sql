-- 0011_accounts: accounts carry a person (氏名, 所属, 電話番号 beside the
-- e-mail address of 0001), and one-time links set or reset their password
-- (issue #17). An account issued by bulk import has no password yet: its
-- password_hash is '' (the column stays NOT NULL), which no login accepts
-- (login.c verifies the dummy hash instead, doing the same work), until the
-- person opens the setup link.

-- The person behind an account, shown to the Ministry (whom to call).
ALTER TABLE users ADD COLUMN full_name  TEXT NOT NULL DEFAULT '';  -- 氏名
ALTER TABLE users ADD COLUMN department TEXT NOT NULL DEFAULT '';  -- 所属（部署）
ALTER TABLE users ADD COLUMN phone      TEXT NOT NULL DEFAULT '';  -- 電話番号

CREATE INDEX users_by_org ON users(org_code);

-- One-time links (/account/setup?token=…) that set an account's password: a
-- setup link for a new account, a reset link for a forgotten password. Only
-- the BLAKE2b-256 hash of the token is kept, as for sessions and API tokens.
-- A link is live while used_at and revoked_at are NULL and the time is
-- before expires_at (14 days after its issue); issuing a new link for an
-- account revokes its earlier live one.
CREATE TABLE account_links (
    id         INTEGER PRIMARY KEY,
    token_hash BLOB NOT NULL UNIQUE,
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL CHECK (kind IN ('setup', 'reset')),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER,
    revoked_at INTEGER
);
CREATE INDEX account_links_by_user ON account_links(user_id, created_at);

-- 0001_foundation: 団体 master, grouping schemes, accounts, sessions, audit.
-- Released migrations are never edited; add a new numbered file instead.

-- Every migration applied to this database, in order.
CREATE TABLE schema_migrations (
    version    INTEGER PRIMARY KEY,           -- the NNNN of migrations/NNNN_name.sql
    name       TEXT NOT NULL,
    applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

-- The 団体 master: all prefectures and municipalities, keyed on the 6-digit
-- 全国地方公共団体コード (check digit verified when loaded).
CREATE TABLE organizations (
    code       TEXT PRIMARY KEY CHECK (length(code) = 6 AND code NOT GLOB '*[^0-9]*'),
    prefecture TEXT NOT NULL,                 -- 都道府県名; on a prefecture row, itself
    name       TEXT NOT NULL,                 -- 団体名 as the 総務省 list spells it
    kana       TEXT NOT NULL,                 -- reading in hiragana
    kind       TEXT NOT NULL CHECK (kind IN ('都道府県','政令市','中核市','特別区','市','町','村')),
    updated_at TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX organizations_by_kind ON organizations(kind);
CREATE INDEX organizations_by_prefecture ON organizations(prefecture, code);

-- Changes to the master from each import, so a re-import leaves a dated diff.
CREATE TABLE organization_changes (
    id          INTEGER PRIMARY KEY,
    imported_at TEXT NOT NULL,
    code        TEXT NOT NULL,
    change      TEXT NOT NULL CHECK (change IN ('added','changed')),
    before      TEXT,                         -- JSON of the old row, NULL when added
    after       TEXT NOT NULL                 -- JSON of the new row
);

-- Named grouping schemes (集計区分) used by the Ministry's reports: kind6,
-- kind4, pref_muni map kinds to groups; prefecture groups by prefecture.
CREATE TABLE groupings (
    scheme   TEXT PRIMARY KEY,
    label    TEXT NOT NULL,
    basis    TEXT NOT NULL CHECK (basis IN ('kind','prefecture'))
);
-- The groups of a kind-based scheme, in report order.
CREATE TABLE grouping_groups (
    scheme   TEXT NOT NULL REFERENCES groupings(scheme) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    label    TEXT NOT NULL,
    PRIMARY KEY (scheme, label)
);
-- Which kinds fall in which group of a kind-based scheme.
CREATE TABLE grouping_kinds (
    scheme TEXT NOT NULL,
    kind   TEXT NOT NULL,
    label  TEXT NOT NULL,
    PRIMARY KEY (scheme, kind),
    FOREIGN KEY (scheme, label) REFERENCES grouping_groups(scheme, label) ON DELETE CASCADE
);

-- Accounts. org and pref accounts belong to one 団体 (pref: the prefecture).
CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    login         TEXT NOT NULL UNIQUE,
    role          TEXT NOT NULL CHECK (role IN ('org','pref','ministry','admin')),
    org_code      TEXT REFERENCES organizations(code),
    email         TEXT,
    password_hash TEXT NOT NULL,              -- argon2id, crypto_pwhash_str format
    disabled      INTEGER NOT NULL DEFAULT 0,
    created_at    INTEGER NOT NULL,
    CHECK ((role IN ('org','pref')) = (org_code IS NOT NULL))
);

-- Browser sessions. Only a hash of the cookie token is stored.
CREATE TABLE sessions (
    token_hash  BLOB PRIMARY KEY,             -- BLAKE2b-256 of the 32-byte token
    user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    csrf_token  TEXT NOT NULL,                -- per-session synchronizer token
    created_at  INTEGER NOT NULL,
    last_seen   INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX sessions_by_user ON sessions(user_id);

-- API bearer tokens (POST /api/v1/tokens). Only a hash is stored.
CREATE TABLE api_tokens (
    token_hash BLOB PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    revoked_at INTEGER
) WITHOUT ROWID;

-- Failed logins, for throttling per account name and per address.
CREATE TABLE login_failures (
    id  INTEGER PRIMARY KEY,
    key TEXT NOT NULL,                        -- 'login:<name>' or 'ip:<address>'
    at  INTEGER NOT NULL
);
CREATE INDEX login_failures_by_key ON login_failures(key, at);

-- Who did what, when, on whose behalf. Written in the same transaction as
-- the change it records.
CREATE TABLE audit (
    id         INTEGER PRIMARY KEY,
    at         INTEGER NOT NULL,
    user_id    INTEGER REFERENCES users(id),  -- NULL for the command line
    actor      TEXT NOT NULL,                 -- login, or 'cli'
    action     TEXT NOT NULL,                 -- e.g. 'user.add', 'login', 'org.import'
    target     TEXT,                          -- what it acted on
    on_behalf  TEXT,                          -- 団体 code for 代理入力
    detail     TEXT,                          -- JSON
    ip         TEXT,
    request_id TEXT
);
CREATE INDEX audit_by_time ON audit(at);

-- 0009_entry_keys: the key of a 意見・質問 entry (which the Ministry's reply
-- is attached to, and which every role sees) becomes a keyed MAC with a
-- secret of this installation, so that it cannot be computed from public data
-- (the 団体 codes) and two installations with the same answers show different
-- keys (server/entry_key.c). The C step that follows this file in the same
-- transaction stores a new random secret and re-keys the existing replies.

-- Secrets created at `shokai migrate`, one row per purpose ('entry_key').
-- They go with backups: a restored database keeps its keys.
CREATE TABLE install_secrets (
    name   TEXT PRIMARY KEY,
    secret BLOB NOT NULL
);

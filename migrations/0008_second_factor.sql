-- 0008_second_factor: Ministry and administrator accounts sign in with a
-- password and a time-based one-time code (RFC 6238) from an authenticator
-- app (server/second_factor.c).

-- The account's TOTP key (20 random bytes), NULL until enrolled, and the
-- last time step accepted, so that no code is accepted twice.
ALTER TABLE users ADD COLUMN totp_secret BLOB;
ALTER TABLE users ADD COLUMN totp_last_step INTEGER NOT NULL DEFAULT 0;

-- A session of such an account starts pending: it can only finish the second
-- factor or log out. A key offered for enrolment lives in the session that
-- showed it, until a code from it is entered.
ALTER TABLE sessions ADD COLUMN second_factor_pending INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN enrol_secret BLOB;

-- Sessions and API tokens of these accounts began without a second factor.
DELETE FROM sessions
 WHERE user_id IN (SELECT id FROM users WHERE role IN ('ministry', 'admin'));
UPDATE api_tokens SET revoked_at = CAST(strftime('%s', 'now') AS INTEGER)
 WHERE revoked_at IS NULL
   AND user_id IN (SELECT id FROM users WHERE role IN ('ministry', 'admin'));

-- 0012_zz_placeholder_for_mail: empty. Migration 0012 belongs to the mail
-- branch (0012_mail_outbox); this file only closes the gap before 0013 so
-- that the api branch migrates on its own. Delete it when the mail branch's
-- 0012 is merged (were both to stay, the mail file sorts first and is
-- applied, and this one, the same number, is skipped).
SELECT 1;

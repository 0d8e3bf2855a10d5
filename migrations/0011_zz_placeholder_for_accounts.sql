-- 0011_zz_placeholder_for_accounts: empty. Migration 0011 belongs to the
-- accounts branch (#17 part 1); this file only closes the gap before 0012 so
-- that the mail branch migrates on its own. Delete it when the accounts
-- branch's 0011 is merged (were both to stay, the accounts file sorts first
-- and is applied, and this one, the same number, is skipped).
SELECT 1;

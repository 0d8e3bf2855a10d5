-- 0013_token_scope: an API token is either full (everything its account may
-- do) or read (only the analysis GETs the route table marks, api_doc's
-- read_scope: results, 意見・質問, progress, summaries, exports; never a
-- write). Tokens issued before keep what they had: full.
ALTER TABLE api_tokens ADD COLUMN scope TEXT NOT NULL DEFAULT 'full'
    CHECK (scope IN ('full', 'read'));

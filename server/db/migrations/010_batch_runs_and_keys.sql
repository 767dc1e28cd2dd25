-- Batch jobs act for the user who starts each run (server/jobs/batch-runner.ts): whoever starts, resumes or retries a
-- job is authorized for it at that moment, and its changes are audited under that user, not the job's creator.
ALTER TABLE batch_jobs ADD COLUMN run_by uuid;
ALTER TABLE batch_jobs ADD COLUMN run_by_email text;
-- { role, scopes } of run_by when the run started; re-read from users before each run (disabled users, narrowed scopes)
ALTER TABLE batch_jobs ADD COLUMN run_principal jsonb;

-- Keys may hold NUL, which text cannot: batch and prefix-stats keys and prefixes are stored escaped
-- (server/jobs/key-text.ts: NUL as U+FFFF '0', U+FFFF as U+FFFF U+FFFF). Rows written before hold no NUL; only a U+FFFF needs doubling.
UPDATE batch_items SET key = replace(key, U&'\FFFF', U&'\FFFF\FFFF') WHERE strpos(key, U&'\FFFF') > 0;
UPDATE batch_items SET target_key = replace(target_key, U&'\FFFF', U&'\FFFF\FFFF') WHERE strpos(target_key, U&'\FFFF') > 0;
UPDATE batch_jobs SET scope_prefix = replace(scope_prefix, U&'\FFFF', U&'\FFFF\FFFF') WHERE strpos(scope_prefix, U&'\FFFF') > 0;
UPDATE batch_jobs SET source = replace(source::text, U&'\FFFF', U&'\FFFF\FFFF')::jsonb, operation = replace(operation::text, U&'\FFFF', U&'\FFFF\FFFF')::jsonb
  WHERE strpos(source::text || operation::text, U&'\FFFF') > 0;
UPDATE prefix_stats SET prefix = replace(prefix, U&'\FFFF', U&'\FFFF\FFFF') WHERE strpos(prefix, U&'\FFFF') > 0;

-- In-flight chunks of batch jobs (server/jobs/batch-execute.ts). A row is written BEFORE a batch request is sent and
-- deleted in the same transaction that records its answers, so after a crash the items still pending inside a
-- remaining row's [first_seq, last_seq] are exactly those whose outcome is unknown. One row per request instead of
-- one update per item keeps the runner's bookkeeping cheap next to Qiniu's batch rate.
CREATE TABLE batch_chunks (
  job_id uuid NOT NULL REFERENCES batch_jobs (id) ON DELETE CASCADE,
  first_seq integer NOT NULL,
  last_seq integer NOT NULL,
  sent_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (job_id, first_seq)
);

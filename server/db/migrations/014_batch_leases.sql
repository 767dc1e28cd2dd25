-- Batch job leases (server/batch/runner.ts): the instance in batch_jobs.runner_id holds the job until lease_until and
-- renews it with its heartbeat and with each chunk it marks in flight. Only the holder may mark a chunk or record answers
-- (both check runner_id in the database), and once the lease has lapsed any other live instance may take the job over
-- (a compare-and-set on lease_until that changes runner_id), so one job never runs on two instances at once and a job
-- whose instance died goes on without it.
ALTER TABLE batch_jobs ADD COLUMN lease_until timestamptz;
-- Jobs active when this migration runs keep the lease their heartbeat implied (15 s, the default lease).
UPDATE batch_jobs SET lease_until = heartbeat_at + interval '15 seconds'
  WHERE status IN ('listing', 'checking', 'running', 'cancelling') AND heartbeat_at IS NOT NULL;
-- How many times a live instance took the job over from one whose lease lapsed.
ALTER TABLE batch_jobs ADD COLUMN takeovers integer NOT NULL DEFAULT 0;

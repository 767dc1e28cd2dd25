-- Batch jobs (server/jobs/batch-runner.ts): one row per job, one row per object it touches. Everything needed to show
-- progress, resume after a restart and undo lives here, so a job survives page reloads and server restarts.
CREATE TABLE batch_jobs (
  id uuid PRIMARY KEY,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  -- users.id; no foreign key: the job history outlives a removed user
  created_by uuid,
  created_by_email text NOT NULL,
  -- { role, scopes } when the job was created: items are planned within these scopes
  principal jsonb NOT NULL,
  bucket text NOT NULL,
  -- every source key starts with this (the listed prefix, or the keys' common prefix): job actions are
  -- scope-checked against bucket + scope_prefix; NULL until the first keys arrive
  scope_prefix text,
  -- lib/batch/spec.ts BatchSource and BatchOperation
  source jsonb NOT NULL,
  operation jsonb NOT NULL,
  status text NOT NULL CHECK (status IN ('draft', 'listing', 'checking', 'planned', 'running', 'cancelling', 'cancelled', 'interrupted', 'done', 'failed')),
  -- set when the dry run is complete; an interrupted job without it resumes its planning
  planned_at timestamptz,
  -- where the server-side listing of a prefix resumes ('' = start)
  list_marker text,
  list_done boolean NOT NULL DEFAULT false,
  -- counts are not kept here: they are counted from batch_items, so they can never disagree with the items
  -- the current run: when it started and how many items were already finished then (for the rate)
  run_started_at timestamptz,
  run_base integer NOT NULL DEFAULT 0,
  runs integer NOT NULL DEFAULT 0,
  -- the process running the job and its last sign of life; a stale heartbeat means the process died
  runner_id text,
  heartbeat_at timestamptz,
  finished_at timestamptz,
  error text,
  undo_of uuid REFERENCES batch_jobs (id),
  undone_by uuid REFERENCES batch_jobs (id)
);
CREATE INDEX batch_jobs_created ON batch_jobs (created_at DESC);
CREATE INDEX batch_jobs_active ON batch_jobs (status) WHERE status IN ('listing', 'checking', 'running', 'cancelling');

CREATE TABLE batch_items (
  job_id uuid NOT NULL REFERENCES batch_jobs (id) ON DELETE CASCADE,
  -- order of the input; also the order of execution
  seq integer NOT NULL,
  bucket text NOT NULL,
  key text NOT NULL,
  target_bucket text,
  target_key text,
  -- why the plan skips this item (lib/batch/rename.ts PlanSkipReason, or 'forbidden'); skipped items are never sent
  skip text,
  -- the dry run's verdict from stat: ok | conflict | overwrite | missing (NULL = not checked yet)
  "check" text,
  -- inflight = sent (or about to be) and its answer not recorded yet: after a crash it is re-checked, never blindly re-sent
  status text NOT NULL CHECK (status IN ('pending', 'inflight', 'done', 'failed', 'skipped')),
  -- Qiniu's per-item code and error message
  code integer,
  message text,
  -- stat results (the stat operation only)
  data jsonb,
  attempts integer NOT NULL DEFAULT 0,
  PRIMARY KEY (job_id, seq)
)
-- Every item is updated twice per run (in-flight, then its answer). With free room on each page and no index on the
-- changing columns, PostgreSQL rewrites those rows in place (HOT updates, no index writes): several times cheaper,
-- which is what lets the runner keep up with Qiniu's batch rate. Readers walk the primary key (job_id, seq).
WITH (fillfactor = 50);

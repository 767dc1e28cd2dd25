-- Persistent data processing jobs (server/pfop/): one row per persistentId the console knows, submitted from the
-- Processing page (source 'console') or started by an upload's persistentOps (source 'upload', found in uploads).
-- The status columns cache Qiniu's last prefop answer; Qiniu stays the source of truth (re-fetched, never trusted
-- from a notification body).
CREATE TABLE pfop_jobs (
  persistent_id text PRIMARY KEY,
  created_at timestamptz NOT NULL DEFAULT now(),
  -- users.id; no foreign key: the job history outlives a removed user
  created_by uuid,
  created_by_email text,
  source text NOT NULL CHECK (source IN ('console', 'upload')),
  bucket text NOT NULL,
  key text NOT NULL,
  -- the fop commands as submitted (';'-joined); for upload jobs filled from the first status answer
  fops text NOT NULL DEFAULT '',
  pipeline text,
  force boolean NOT NULL DEFAULT false,
  notify_url text,
  -- prefop code: 0 success, 1 waiting, 2 processing, 3 failed, 4 notification failed
  code integer NOT NULL DEFAULT 1 CHECK (code BETWEEN 0 AND 4),
  -- prefop items as Qiniu returned them (cmd, code, desc, error, hash, key, returnOld, result)
  items jsonb NOT NULL DEFAULT '[]',
  -- Qiniu's request id of the submission, for support
  reqid text,
  -- when the status was last read from Qiniu, and when a notification last arrived
  status_at timestamptz,
  notified_at timestamptz
);
CREATE INDEX pfop_jobs_created ON pfop_jobs (created_at DESC);
CREATE INDEX pfop_jobs_unfinished ON pfop_jobs (status_at) WHERE code IN (1, 2);

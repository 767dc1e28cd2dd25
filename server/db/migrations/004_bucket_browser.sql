-- Bucket browser (issue 6): per-bucket settings chosen by an admin, and the kept results of "compute size and count
-- for this prefix" (server/jobs/prefix-stats.ts).
CREATE TABLE bucket_settings (
  bucket text PRIMARY KEY,
  -- origin of the default download domain, e.g. 'https://cdn.example.com'; NULL = the bucket's first domain
  download_domain text,
  -- grid thumbnails are imageView2 derivatives that each cost traffic: off until someone turns them on for the bucket
  thumbnails boolean NOT NULL DEFAULT false,
  updated_by text,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE prefix_stats (
  id uuid PRIMARY KEY,
  bucket text NOT NULL,
  -- '' = the whole bucket
  prefix text NOT NULL,
  status text NOT NULL CHECK (status IN ('running', 'done', 'failed')),
  objects bigint NOT NULL DEFAULT 0,
  bytes bigint NOT NULL DEFAULT 0,
  -- { "<storage class>": { "objects": n, "bytes": n } }
  by_class jsonb NOT NULL DEFAULT '{}'::jsonb,
  -- where the listing resumes after an interruption (NULL = from the start)
  marker text,
  started_by text NOT NULL,
  started_at timestamptz NOT NULL DEFAULT now(),
  -- the process counting it and its last sign of life: a stale heartbeat while running means it died, and the next
  -- request resumes from `marker`
  runner_id text,
  heartbeat_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  error text
);
CREATE INDEX prefix_stats_latest ON prefix_stats (bucket, prefix, started_at DESC);

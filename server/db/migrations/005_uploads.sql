-- Browser uploads (server/upload/records.ts): one row per stored file, written by the upload callback route
-- (source 'callback') or, when Qiniu cannot reach the console, by the confirmUploads action after it has checked the
-- object with Qiniu (source 'confirmed').
CREATE TABLE uploads (
  id uuid PRIMARY KEY,
  created_at timestamptz NOT NULL DEFAULT now(),
  -- users.id from the token's endUser; no foreign key: the history outlives a removed user
  user_id uuid,
  user_email text,
  bucket text NOT NULL,
  key text NOT NULL,
  hash text NOT NULL,
  fsize bigint NOT NULL,
  mime_type text,
  -- the browser's file name and its path inside a dropped folder (x:relativePath)
  fname text,
  relative_path text,
  -- the page session that uploaded it (written into the signed callback body)
  batch_id text NOT NULL DEFAULT '',
  overwrite boolean NOT NULL DEFAULT false,
  -- the processing job started by the upload's persistentOps, if any
  persistent_id text,
  source text NOT NULL CHECK (source IN ('callback', 'confirmed'))
);
-- Qiniu may repeat a callback (several callback URLs, retries): one row per stored content per batch.
CREATE UNIQUE INDEX uploads_once ON uploads (bucket, key, hash, batch_id);
CREATE INDEX uploads_created ON uploads (created_at DESC);
CREATE INDEX uploads_user ON uploads (user_id, created_at DESC);

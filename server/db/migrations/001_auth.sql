-- Console users and the failed-login throttle (server/auth).
CREATE TABLE users (
  id uuid PRIMARY KEY,
  email text NOT NULL,
  name text NOT NULL DEFAULT '',
  role text NOT NULL CHECK (role IN ('admin', 'editor', 'ops', 'viewer')),
  -- [{ "bucket": "...", "prefix": "..." }]; empty = every bucket (lib/permissions.ts)
  scopes jsonb NOT NULL DEFAULT '[]'::jsonb,
  -- argon2id PHC string; NULL = single sign-on only
  password_hash text,
  disabled boolean NOT NULL DEFAULT false,
  -- Bumped when a password is reset or the account is disabled: sessions carrying an older version end.
  session_version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  last_login_at timestamptz
);
CREATE UNIQUE INDEX users_email_key ON users (lower(email));

-- One row per throttled key ('account:<email>' or 'ip:<address>'): failures in the current window and any lock.
-- In the database so that several console instances agree.
CREATE TABLE login_throttle (
  key text PRIMARY KEY,
  failures integer NOT NULL,
  window_start timestamptz NOT NULL,
  locked_until timestamptz
);

-- Two-factor sign-in, session tracking, security settings and source-aware login throttling (server/auth).

-- TOTP (RFC 6238): the secret is AES-256-GCM encrypted (server/auth/totp.ts), never sent back after enrolment.
-- totp_pending_secret holds a secret shown for enrolment until a code confirms it. totp_last_step is the last
-- accepted time step: a code at or before it is refused (no replay within the code's window).
ALTER TABLE users ADD COLUMN totp_secret text;
ALTER TABLE users ADD COLUMN totp_pending_secret text;
ALTER TABLE users ADD COLUMN totp_enabled_at timestamptz;
ALTER TABLE users ADD COLUMN totp_last_step bigint;

-- One-time recovery codes, keyed HMAC-SHA-256 at rest; used_at set when one is spent.
CREATE TABLE recovery_codes (
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  code_hash text NOT NULL,
  used_at timestamptz,
  PRIMARY KEY (user_id, code_hash)
);

-- Every live session (sid from the session token): activity for the idle timeout, the account page's list, and
-- revocation. A token whose sid has no row here is refused.
CREATE TABLE user_sessions (
  sid uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  ip text,
  user_agent text,
  provider text NOT NULL DEFAULT 'credentials'
);
CREATE INDEX user_sessions_user ON user_sessions (user_id);

-- Settings an admin changes in the console (one row). NULL idle_minutes = CONSOLE_SESSION_IDLE_MINUTES.
CREATE TABLE auth_settings (
  id integer PRIMARY KEY CHECK (id = 1),
  require_2fa_roles text[] NOT NULL DEFAULT '{}',
  idle_minutes double precision,
  updated_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO auth_settings (id) VALUES (1);

-- Throttle rows now grow a delay per failure past the free budget; failures are forgotten a while after the last.
ALTER TABLE login_throttle ADD COLUMN last_failure_at timestamptz;
UPDATE login_throttle SET last_failure_at = window_start;

-- Addresses an account has signed in from: they keep their own budget when the account is attacked from elsewhere.
CREATE TABLE login_known_sources (
  email text NOT NULL,
  ip text NOT NULL,
  last_success_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (email, ip)
);

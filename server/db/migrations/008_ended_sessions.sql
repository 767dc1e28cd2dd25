-- Sessions ended by signing out (server/auth/ended-sessions.ts). A session cookie is a self-contained token, valid
-- until it expires (and renewable before that): without this list, a copy of the cookie kept or stolen before the
-- sign-out would go on working. A row can go once its user's session_version has moved on: every session issued
-- before that is refused by the version check already.
CREATE TABLE ended_sessions (
  sid uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  session_version integer NOT NULL,
  ended_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ended_sessions_user ON ended_sessions (user_id);

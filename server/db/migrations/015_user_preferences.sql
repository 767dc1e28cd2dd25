-- Per-user display preferences (issue 21): the time zone every time in the console is shown in. No row, or a NULL
-- time_zone, means "the browser's own zone". A table of its own so that other per-user settings can join it.
CREATE TABLE user_preferences (
  user_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  time_zone text,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- CDN alerts (issue 21): a threshold per domain on the latest 5-minute bandwidth or the 5xx rate, evaluated on a
-- schedule (server/cdn/alerts/). `state` is what the last evaluation found; a notification is sent only when it
-- changes to "firing", and "resolved" is recorded when it changes back. `last_checked_at` is the row-level claim that
-- keeps two instances from evaluating (and notifying) the same rule in the same interval.
CREATE TABLE cdn_alert_rules (
  id uuid PRIMARY KEY,
  domain text NOT NULL,
  metric text NOT NULL CHECK (metric IN ('bandwidth', 'status5xx')),
  threshold double precision NOT NULL,
  webhook_url text NOT NULL,
  state text NOT NULL DEFAULT 'ok' CHECK (state IN ('ok', 'firing')),
  last_checked_at timestamptz,
  last_value double precision,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX cdn_alert_rules_domain ON cdn_alert_rules (domain);

CREATE TABLE cdn_alert_events (
  id bigserial PRIMARY KEY,
  rule_id uuid NOT NULL REFERENCES cdn_alert_rules (id) ON DELETE CASCADE,
  domain text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('fired', 'resolved')),
  value double precision NOT NULL,
  threshold double precision NOT NULL,
  -- fired: 'sent' or the delivery error; resolved: 'sent' or the error as well
  delivery text NOT NULL DEFAULT '',
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX cdn_alert_events_rule ON cdn_alert_events (rule_id, at DESC);

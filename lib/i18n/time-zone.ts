// The display time zone: the one every time in the console is shown in (issue 21). A user may choose one on the
// account page (stored per user); without a choice it is the browser's own zone, which the browser reports in a cookie
// so that server-rendered pages already use it.

export const TIME_ZONE_COOKIE = "tz";

export interface DisplayTimeZone {
  /** The user's explicit choice (IANA name), or null for "this browser's zone". */
  chosen: string | null;
  /** The zone the server renders with: the choice, else the browser's reported zone, else UTC. */
  zone: string;
}

/** Zones offered first in the setting (the browser's own and every zone the runtime knows follow). */
export const COMMON_TIME_ZONES = [
  "Asia/Shanghai",
  "UTC",
  "Asia/Tokyo",
  "Asia/Singapore",
  "Europe/London",
  "Europe/Berlin",
  "America/New_York",
  "America/Los_Angeles",
] as const;

// Qiniu's APIs speak Beijing time (UTC+8, no daylight saving): Fusion CDN time points (`2024-03-01 12:05:00`) and days,
// Kodo statistics' `YYYYMMDDHHMMSS` ranges and days. These convert between those wall-clock strings and instants, so the
// console can show them in the user's own display time zone. Pure.

const BEIJING_OFFSET_MS = 8 * 3_600_000;
const POINT_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/;

/** A Beijing wall-clock time (`YYYY-MM-DD`, `YYYY-MM-DD HH:mm` or `YYYY-MM-DD HH:mm:ss`) as an instant; null when malformed. */
export function beijingToDate(point: string): Date | null {
  const m = POINT_RE.exec(point.trim());
  if (!m) return null;
  const [, y, mo, d, h = "0", mi = "0", s = "0"] = m;
  const ms = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s) - BEIJING_OFFSET_MS;
  return Number.isNaN(ms) ? null : new Date(ms);
}

/** An instant as Beijing wall-clock `YYYY-MM-DD HH:mm:ss`. */
export function toBeijingPoint(ms: number): string {
  return new Date(ms + BEIJING_OFFSET_MS).toISOString().slice(0, 19).replace("T", " ");
}

/** The Beijing calendar day (`YYYY-MM-DD`) an instant falls on. */
export function beijingDay(ms: number): string {
  return toBeijingPoint(ms).slice(0, 10);
}

/** `20060102150405` in Beijing time, as Kodo's statistics API takes its ranges. */
export function beijingCompact(ms: number): string {
  return toBeijingPoint(ms).replace(/[- :]/g, "");
}

/** The instant a Beijing day starts (00:00 +08:00) for the day containing `ms`. */
export function beijingDayStart(ms: number): number {
  return Math.floor((ms + BEIJING_OFFSET_MS) / 86_400_000) * 86_400_000 - BEIJING_OFFSET_MS;
}

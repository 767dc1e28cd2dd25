// Calendar arithmetic for the Fusion API. Qiniu's days are Beijing days (UTC+8): `startDate: "2024-01-01"` means
// 2024-01-01 00:00 in China, so all day boundaries and `time[]` points are computed in a fixed UTC offset
// (480 minutes by default, configurable for tests).

export const MINUTE_MS = 60_000;
export const SLOT_MS = 5 * MINUTE_MS;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

export type Granularity = "5min" | "hour" | "day";
export const GRANULARITY_MS: Record<Granularity, number> = { "5min": SLOT_MS, hour: HOUR_MS, day: DAY_MS };

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/;

export class Clock {
  constructor(
    readonly offsetMinutes: number,
    readonly now: () => number = Date.now,
  ) {}

  private get offsetMs(): number {
    return this.offsetMinutes * MINUTE_MS;
  }

  /**
   * Parses `YYYY-MM-DD` or `YYYY-MM-DD HH:mm[:ss]` as local (offset) time. A bare date is the start of that day,
   * or its last millisecond when `endOfDay` is set (end dates include the whole day). Invalid dates give null.
   */
  parse(text: unknown, endOfDay = false): number | null {
    if (typeof text !== "string") return null;
    const m = DATE_RE.exec(text.trim());
    if (!m) return null;
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const hasTime = m[4] !== undefined;
    const [h, mi, s] = hasTime ? [Number(m[4]), Number(m[5]), Number(m[6] ?? "0")] : [0, 0, 0];
    if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return null;
    const utc = Date.UTC(y, mo - 1, d, h, mi, s);
    const check = new Date(utc);
    if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return null;
    const ms = utc - this.offsetMs;
    return !hasTime && endOfDay ? ms + DAY_MS - 1 : ms;
  }

  /** Start of the local day (or hour, 5-minute slot) that contains `ms`. */
  floor(ms: number, stepMs: number): number {
    const local = ms + this.offsetMs;
    return local - (((local % stepMs) + stepMs) % stepMs) - this.offsetMs;
  }

  /** `YYYY-MM-DD` of the local day containing `ms`. */
  day(ms: number): string {
    return this.fields(ms).slice(0, 3).join("-");
  }

  /** `YYYY-MM-DD HH:mm:ss` (the CDN `time[]` point format). */
  point(ms: number): string {
    const [y, mo, d, h, mi, s] = this.fields(ms);
    return `${y}-${mo}-${d} ${h}:${mi}:${s}`;
  }

  /** `YYYY-MM-DD-HH-mm` (the log-analysis `points` format, "2006-01-02-15-04" in Qiniu's docs). */
  analysisPoint(ms: number): string {
    const [y, mo, d, h, mi] = this.fields(ms);
    return `${y}-${mo}-${d}-${h}-${mi}`;
  }

  /** `dd/Mon/yyyy:HH:mm:ss +0800` (access-log timestamp). */
  logTime(ms: number): string {
    const [y, mo, d, h, mi, s] = this.fields(ms);
    const sign = this.offsetMinutes >= 0 ? "+" : "-";
    const abs = Math.abs(this.offsetMinutes);
    const tz = `${sign}${pad(Math.floor(abs / 60))}${pad(abs % 60)}`;
    return `${d}/${MONTHS[Number(mo) - 1]}/${y}:${h}:${mi}:${s} ${tz}`;
  }

  /** Hour of day (0-23) and weekday (0 = Sunday) in local time. */
  localHourAndWeekday(ms: number): { hour: number; weekday: number } {
    const date = new Date(ms + this.offsetMs);
    return { hour: date.getUTCHours() + date.getUTCMinutes() / 60, weekday: date.getUTCDay() };
  }

  private fields(ms: number): [string, string, string, string, string, string] {
    const t = new Date(ms + this.offsetMs);
    return [
      String(t.getUTCFullYear()).padStart(4, "0"),
      pad(t.getUTCMonth() + 1),
      pad(t.getUTCDate()),
      pad(t.getUTCHours()),
      pad(t.getUTCMinutes()),
      pad(t.getUTCSeconds()),
    ];
  }
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

/** Start times of the points from `startMs` (aligned down to the step) up to and including `endMs`. */
export function pointTimes(clock: Clock, startMs: number, endMs: number, stepMs: number): number[] {
  const out: number[] = [];
  for (let t = clock.floor(startMs, stepMs); t <= endMs; t += stepMs) out.push(t);
  return out;
}

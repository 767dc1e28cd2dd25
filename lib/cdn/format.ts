// Time labels of CDN charts. Fusion's time points are Beijing wall-clock times (`2024-03-01 12:05:00`): shown in the
// display time zone. Whole days stay Qiniu's (Beijing) calendar days, which is what a day bucket sums.
import { formatDate } from "@/lib/i18n/format";
import type { Locale } from "@/lib/i18n/locales";
import { beijingToDate } from "@/lib/qiniu/beijing-time";

// Log analysis writes its points `2006-01-02-15-04`; traffic `2006-01-02 15:04:05`.
const instantOf = (point: string) => beijingToDate(point.replace(/^(\d{4}-\d{2}-\d{2})-(\d{2})-(\d{2})$/, "$1 $2:$3"));

/** Axis label: `03-01 20:05` in the display zone, or `03-01` for a Beijing day; unreadable points verbatim. */
export function pointLabel(point: string, day: boolean, locale: Locale, timeZone: string): string {
  if (day) {
    const m = /^\d{4}-(\d{2})-(\d{2})/.exec(point);
    return m ? `${m[1]}-${m[2]}` : point;
  }
  const at = instantOf(point);
  return at ? formatDate(at, locale, timeZone, "monthDayMinute").replace("/", "-") : point;
}

/** Tooltip label: the full date and time in the display zone, or the Beijing day. */
export function pointTitle(point: string, day: boolean, locale: Locale, timeZone: string): string {
  if (day) return point.slice(0, 10);
  const at = instantOf(point);
  return at ? formatDate(at, locale, timeZone, "minute") : point;
}

// Display formats for the bucket browser. Pure: runs on the server and in the browser.

const UNITS = ["B", "KB", "MB", "GB", "TB", "PB"] as const;

/** Human size with 1024 steps, as Qiniu's own console shows it: `0 B`, `1023 B`, `1.5 KB`, `12.3 MB`, `512 GB`. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return "—";
  // Rates (bytes per second) arrive fractional: whole bytes only, never `857.1428571428571 B`.
  let value = Math.round(bytes);
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  if (unit === 0) return `${value} B`;
  // One decimal below 100 (1.5 KB, 12.3 MB), none above (512 GB): three significant digits at most.
  const text = value < 100 ? (Math.round(value * 10) / 10).toFixed(1) : String(Math.round(value));
  // 1023.96 KB rounds to "1024 KB": show the next unit instead.
  if (Number(text) >= 1024 && unit < UNITS.length - 1) return `1 ${UNITS[unit + 1]}`;
  return `${text.replace(/\.0$/, "")} ${UNITS[unit]}`;
}

/** Qiniu reports putTime in 100-nanosecond units since the epoch (docs/qiniu-protocol.md §8). */
export function putTimeToDate(putTime: number): Date {
  return new Date(Math.floor(putTime / 10_000));
}

/** Local date and time in the user's language and time zone (e.g. `2026/11/24 13:05:09`). */
export function formatLocalTime(date: Date, locale: string, timeZone?: string): string {
  return new Intl.DateTimeFormat(locale, {
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hour12: false,
    timeZone,
  }).format(date);
}

/** Whole numbers with the locale's grouping (20,000). */
export function formatCount(n: number, locale: string): string {
  return new Intl.NumberFormat(locale).format(n);
}

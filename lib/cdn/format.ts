// Display formats for CDN figures. Traffic uses binary units (what Qiniu's console shows), bandwidth decimal bps.

const BYTE_UNITS = ["B", "KB", "MB", "GB", "TB", "PB"];
const BPS_UNITS = ["bps", "Kbps", "Mbps", "Gbps", "Tbps"];

function scaled(value: number, base: number, units: string[], digits: number): string {
  let v = Math.abs(value);
  let i = 0;
  while (v >= base && i < units.length - 1) {
    v /= base;
    i++;
  }
  const text = i === 0 ? String(Math.round(v)) : v.toFixed(v >= 100 ? 0 : digits);
  return `${value < 0 ? "-" : ""}${text} ${units[i]}`;
}

export function formatBytes(n: number, digits = 2): string {
  return scaled(n, 1024, BYTE_UNITS, digits);
}

export function formatBps(n: number, digits = 2): string {
  return scaled(n, 1000, BPS_UNITS, digits);
}

/** 0.1234 → "12.3%" */
export function formatPercent(ratio: number, digits = 1): string {
  return `${(ratio * 100).toFixed(digits)}%`;
}

/** "2024-03-01 12:05:00" → "03-01 12:05" (or "03-01" for whole days). */
export function shortPoint(point: string, day = false): string {
  const m = /^\d{4}-(\d{2})-(\d{2})[ -](\d{2})[:-](\d{2})/.exec(point);
  if (!m) return point;
  return day ? `${m[1]}-${m[2]}` : `${m[1]}-${m[2]} ${m[3]}:${m[4]}`;
}

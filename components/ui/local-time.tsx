"use client";

import { useFormat } from "@/components/i18n-provider";
import type { DateStyle } from "@/lib/i18n/format";

/**
 * A time in the display time zone (the user's setting, else the browser's). `zone` prints the zone's label beside it
 * (`UTC+8`), for times that stand alone; in tables the column header carries it (<ZoneLabel />). The full zone name
 * is always in the tooltip.
 */
export function LocalTime({ date, className, zone = false, style }: { date: Date | string | number; className?: string; zone?: boolean; style?: DateStyle }) {
  const f = useFormat();
  const d = date instanceof Date ? date : new Date(date);
  if (Number.isNaN(d.getTime())) return <span className={className}>—</span>;
  const label = f.zoneLabel(d);
  return (
    <time dateTime={d.toISOString()} className={className} title={`${f.date(d)} ${label} (${f.timeZone})`}>
      {f.date(d, style)}
      {zone && <span className="ml-1 text-xs text-slate-500">{label}</span>}
    </time>
  );
}

/** The display time zone's label (`UTC+8`) for a column header or caption, with its name in the tooltip. */
export function ZoneLabel({ className }: { className?: string }) {
  const f = useFormat();
  return (
    <span className={className} title={f.timeZone} data-testid="zone-label">
      {f.zoneLabel()}
    </span>
  );
}

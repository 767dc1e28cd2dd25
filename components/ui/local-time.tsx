"use client";

import { useLocale } from "@/components/i18n-provider";
import { formatLocalTime } from "@/lib/buckets/format";
import { useIsClient } from "./use-is-client";

/** A time in the browser's own time zone; the server renders UTC (marked as such) until the page hydrates. */
export function LocalTime({ date, className }: { date: Date; className?: string }) {
  const locale = useLocale();
  const client = useIsClient();
  const iso = date.toISOString();
  return (
    <time dateTime={iso} className={className}>
      {client ? formatLocalTime(date, locale) : `${formatLocalTime(date, locale, "UTC")} UTC`}
    </time>
  );
}

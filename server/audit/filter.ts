import { zonedTimeToDate } from "@/lib/i18n/format";
import type { AuditFilter } from "./log";

// The Audit page and its CSV export read the same filters from the URL.

type Params = Record<string, string | string[] | undefined>;

const one = (v: string | string[] | undefined): string | undefined => {
  const s = (Array.isArray(v) ? v[0] : v)?.trim();
  return s ? s.slice(0, 200) : undefined;
};

/**
 * `2030-01-02T03:04` (a datetime-local value, meant in the display time zone the page shows times in) or a full ISO
 * time with its offset → Date; anything else is ignored.
 */
function filterTime(v: string | undefined, timeZone: string): Date | undefined {
  if (!v || !/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:\d{2})?$/.test(v)) return undefined;
  const d = /(Z|[+-]\d{2}:\d{2})$/.test(v) ? new Date(v) : zonedTimeToDate(v.replace(/\.\d+$/, ""), timeZone);
  return d && !Number.isNaN(d.getTime()) ? d : undefined;
}

export function auditFilterFrom(params: Params, timeZone = "UTC"): AuditFilter & { fromText?: string; toText?: string } {
  const fromText = one(params.from);
  const toText = one(params.to);
  return {
    actor: one(params.actor),
    action: one(params.action),
    bucket: one(params.bucket),
    from: filterTime(fromText, timeZone),
    to: filterTime(toText, timeZone),
    fromText,
    toText,
  };
}

export function pageFrom(params: Params): number {
  const n = Number(one(params.page));
  return Number.isInteger(n) && n > 0 && n < 100_000 ? n : 1;
}

/** The query string for these filters (and page), for paging links and the export link. */
export function filterQuery(filter: { actor?: string; action?: string; bucket?: string; fromText?: string; toText?: string }, page?: number): string {
  const q = new URLSearchParams();
  if (filter.actor) q.set("actor", filter.actor);
  if (filter.action) q.set("action", filter.action);
  if (filter.bucket) q.set("bucket", filter.bucket);
  if (filter.fromText) q.set("from", filter.fromText);
  if (filter.toText) q.set("to", filter.toText);
  if (page && page > 1) q.set("page", String(page));
  const s = q.toString();
  return s ? `?${s}` : "";
}

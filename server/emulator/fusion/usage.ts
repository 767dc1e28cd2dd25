// Flux and bandwidth (/v2/tune/flux, /v2/tune/bandwidth) from the 5-minute roll-up of recorded traffic.
// Flux is bytes per point; bandwidth is bits per second, and at hour/day granularity it is the peak 5-minute
// bandwidth inside the point (how CDN billing reads coarse bandwidth).
import type BetterSqlite3 from "better-sqlite3";
import type { DomainDirectory } from "./domains";
import { domainList, FusionCode, FusionError } from "./http";
import { DAY_MS, GRANULARITY_MS, SLOT_MS, pointTimes, type Clock, type Granularity } from "./time";

export const MAX_USAGE_DOMAINS = 50;
export const MAX_RANGE_DAYS = 31;

const FLUX_TYPES = new Set(["flow", "302flow", "302mflow"]);
const BANDWIDTH_TYPES = new Set(["bandwidth", "302bandwidth", "302mbandwidth"]);

export interface DateRange {
  startMs: number;
  endMs: number;
}

/** startDate/endDate with Qiniu's codes: 400080 bad start, 400081 bad or earlier end, 400082 longer than 31 days. */
export function parseRange(clock: Clock, startDate: unknown, endDate: unknown, codes: RangeCodes = RANGE_CODES): DateRange {
  const startMs = clock.parse(startDate, false);
  if (startMs === null) throw new FusionError(codes.start, "invalid startDate: expected YYYY-MM-DD or YYYY-MM-DD HH:mm:ss");
  const endMs = clock.parse(endDate, true);
  if (endMs === null) throw new FusionError(codes.end, "invalid endDate: expected YYYY-MM-DD or YYYY-MM-DD HH:mm:ss");
  if (endMs < startMs) throw new FusionError(codes.end, "invalid endDate: before startDate");
  if (endMs - startMs >= MAX_RANGE_DAYS * DAY_MS) {
    throw new FusionError(codes.range, `date range too long: at most ${MAX_RANGE_DAYS} days`);
  }
  return { startMs, endMs };
}

export interface RangeCodes {
  start: number;
  end: number;
  range: number;
}

const RANGE_CODES: RangeCodes = { start: FusionCode.invalidStartDate, end: FusionCode.invalidEndDate, range: FusionCode.rangeTooLong };

export class UsageService {
  constructor(
    private readonly db: BetterSqlite3.Database,
    private readonly domains: DomainDirectory,
    private readonly clock: Clock,
  ) {}

  query(kind: "flux" | "bandwidth", body: Record<string, unknown>): Record<string, unknown> {
    const domains = domainList(body.domains);
    if (domains.length === 0) throw new FusionError(FusionCode.invalidParams, "invalid params: domains is empty");
    if (domains.length > MAX_USAGE_DOMAINS) {
      throw new FusionError(FusionCode.tooManyDomains, `too many domains: at most ${MAX_USAGE_DOMAINS} per request`);
    }
    const range = parseRange(this.clock, body.startDate, body.endDate);
    const granularity = body.granularity ?? "5min";
    if (typeof granularity !== "string" || !Object.hasOwn(GRANULARITY_MS, granularity)) {
      throw new FusionError(FusionCode.invalidGranularity, "invalid granularity: expected 5min, hour or day");
    }
    const type = body.type ?? (kind === "flux" ? "flow" : "bandwidth");
    if (typeof type !== "string" || !(kind === "flux" ? FLUX_TYPES : BANDWIDTH_TYPES).has(type)) {
      throw new FusionError(FusionCode.invalidParams, `invalid params: unknown type ${String(type)}`);
    }
    const unknown = this.domains.unknown(domains);
    if (unknown.length > 0) throw new FusionError(FusionCode.invalidHost, `invalid host: ${unknown.join(";")} is not one of your domains`);

    const step = GRANULARITY_MS[granularity as Granularity];
    const points = pointTimes(this.clock, range.startMs, range.endMs, step);
    // The emulator serves no 302 scheduling traffic: those types are valid and empty.
    const data = type.startsWith("302") ? {} : this.series(kind, domains, points, step);
    return { code: 200, error: "", time: points.map((t) => this.clock.point(t)), data };
  }

  private series(kind: "flux" | "bandwidth", domains: string[], points: number[], step: number) {
    const first = points[0];
    const lastEnd = points[points.length - 1] + step - 1;
    const rows = this.db
      .prepare(
        `SELECT domain, region, CAST((slot * ${SLOT_MS} - @first) / @step AS INTEGER) AS idx, SUM(bytes) AS total, MAX(bytes) AS peak
         FROM fusion_rollup
         WHERE domain IN (${domains.map((_, i) => `@d${i}`).join(", ")}) AND slot >= @from AND slot <= @to
         GROUP BY domain, region, idx`,
      )
      .all({
        first,
        step,
        from: Math.floor(first / SLOT_MS),
        to: Math.floor(lastEnd / SLOT_MS),
        ...Object.fromEntries(domains.map((d, i) => [`d${i}`, d.toLowerCase()])),
      }) as Array<{ domain: string; region: "china" | "oversea"; idx: number; total: number; peak: number }>;

    const data: Record<string, { china: number[]; oversea: number[] }> = {};
    for (const r of rows) {
      if (r.total <= 0) continue;
      // Answer with the domain as the caller spelled it.
      const name = domains.find((d) => d.toLowerCase() === r.domain) ?? r.domain;
      data[name] ??= { china: new Array(points.length).fill(0), oversea: new Array(points.length).fill(0) };
      data[name][r.region][r.idx] = kind === "flux" ? r.total : Math.round((r.peak * 8) / (SLOT_MS / 1000));
    }
    return data;
  }
}

// Log analysis (/v2/tune/loganalyze/*) from the same recorded traffic: request counts, hit/miss, status codes,
// top URLs and IPs. Request: `{"domains":[…], "freq":"5min|1hour|1day", "startDate", "endDate", "region"?}`;
// errors use the log-analysis codes 400054 (domain) and 400331 (any other parameter).
import type BetterSqlite3 from "better-sqlite3";
import type { DomainDirectory } from "./domains";
import { GEO_ISPS, GEO_REGIONS, geoMatches, geoOf, type Geo } from "./geo";
import { domainList, FusionCode, FusionError } from "./http";
import { DAY_MS, HOUR_MS, SLOT_MS, pointTimes, type Clock } from "./time";
import { parseRange } from "./usage";

const FREQ_MS: Record<string, number> = { "5min": SLOT_MS, "1hour": HOUR_MS, "1day": DAY_MS };
const MAX_ANALYSIS_DOMAINS = 100;
// Bucket indexes are CAST to INTEGER in SQL: better-sqlite3 binds JS numbers as REAL, so the division would be real.
const TOP_LIMIT = 100;
const bad = (msg: string) => new FusionError(FusionCode.analysisInvalidParams, `invalid params: ${msg}`);
const RANGE_CODES = {
  start: FusionCode.analysisInvalidParams,
  end: FusionCode.analysisInvalidParams,
  range: FusionCode.analysisInvalidParams,
};

interface Query {
  domains: string[];
  startMs: number;
  endMs: number;
  /** SQL condition on `region` (with its parameter), or "" for global. */
  region: string | undefined;
}

export const ANALYSIS_OPS = [
  "reqcount",
  "hitmiss",
  "statuscode",
  "topcounturl",
  "toptrafficurl",
  "topcountip",
  "toptrafficip",
  "traffic",
  "bandwidth",
] as const;
export type AnalysisOp = (typeof ANALYSIS_OPS)[number];

export class AnalysisService {
  constructor(
    private readonly db: BetterSqlite3.Database,
    private readonly domains: DomainDirectory,
    private readonly clock: Clock,
  ) {}

  run(op: AnalysisOp, body: Record<string, unknown>): Record<string, unknown> {
    if (op === "traffic" || op === "bandwidth") return ok(this.geoSeries(op, body));
    const q = this.parse(body);
    switch (op) {
      case "reqcount":
      case "hitmiss":
        return ok(this.rollupSeries(op, q, this.freq(body)));
      case "statuscode":
        return ok(this.statusCodes(q, this.freq(body)));
      case "topcounturl":
      case "toptrafficurl":
      case "topcountip":
      case "toptrafficip":
        return ok(this.top(op, q));
    }
  }

  /**
   * Traffic (bytes per point) or bandwidth (bps of the busiest 5 minutes in each point) of the visitors in `regions`
   * (global, china, oversea or a province, geo.ts) on `isp` (all or one ISP): `{points, value}` as doc 4081 shows.
   */
  private geoSeries(op: "traffic" | "bandwidth", body: Record<string, unknown>) {
    const rawRegions = body.regions ?? body.region ?? ["global"];
    const regions = (Array.isArray(rawRegions) ? rawRegions : [rawRegions]) as unknown[];
    if (regions.length === 0 || regions.some((r) => typeof r !== "string" || !GEO_REGIONS.includes(r)))
      throw bad(`regions must be among ${GEO_REGIONS.join(", ")}`);
    const isp = body.isp ?? "all";
    if (typeof isp !== "string" || !GEO_ISPS.includes(isp)) throw bad(`isp must be one of ${GEO_ISPS.join(", ")}`);
    const q = this.parse({ ...body, region: undefined, regions: undefined });
    const step = this.freq(body);
    const points = pointTimes(this.clock, q.startMs, q.endMs, step);
    const first = points[0];
    const { where, params } = this.filter(q, "time_ms", first, points[points.length - 1] + step - 1);
    const rows = this.db.prepare(`SELECT time_ms AS t, bytes, ip, region FROM fusion_traffic WHERE ${where}`).all(params) as Array<{
      t: number;
      bytes: number;
      ip: string;
      region: "china" | "oversea";
    }>;
    const geo = new Map<string, Geo>();
    const slots = new Map<number, number>(); // 5-minute slot start → bytes
    for (const r of rows) {
      const key = `${r.region}|${r.ip}`;
      const g = geo.get(key) ?? geoOf(r.ip, r.region);
      geo.set(key, g);
      if (!geoMatches(g, regions as string[], isp)) continue;
      const slot = first + Math.floor((r.t - first) / SLOT_MS) * SLOT_MS;
      slots.set(slot, (slots.get(slot) ?? 0) + r.bytes);
    }
    const value = new Array<number>(points.length).fill(0);
    for (const [slot, bytes] of slots) {
      const i = Math.floor((slot - first) / step);
      if (op === "traffic") value[i] += bytes;
      else value[i] = Math.max(value[i], Math.round((bytes * 8) / (SLOT_MS / 1000)));
    }
    return { points: points.map((t) => this.clock.analysisPoint(t)), value };
  }

  private parse(body: Record<string, unknown>): Query {
    const domains = domainList(body.domains, FusionCode.analysisInvalidParams);
    if (domains.length === 0) throw bad("domains is empty");
    if (domains.length > MAX_ANALYSIS_DOMAINS) throw bad(`at most ${MAX_ANALYSIS_DOMAINS} domains`);
    const unknown = this.domains.unknown(domains);
    if (unknown.length > 0) throw new FusionError(FusionCode.invalidDomain, `invalid domain: ${unknown.join(", ")}`);
    const { startMs, endMs } = parseRange(this.clock, body.startDate, body.endDate, RANGE_CODES);
    return { domains: domains.map((d) => d.toLowerCase()), startMs, endMs, region: this.region(body) };
  }

  /** `region` ("global", "china", "oversea") or `regions` (array of those). */
  private region(body: Record<string, unknown>): string | undefined {
    const raw = body.region ?? body.regions ?? "global";
    const list = Array.isArray(raw) ? raw : [raw];
    if (list.some((r) => typeof r !== "string" || !["global", "china", "oversea"].includes(r))) {
      throw bad("region must be global, china or oversea");
    }
    if (list.includes("global") || (list.includes("china") && list.includes("oversea"))) return undefined;
    return list[0] as string;
  }

  private freq(body: Record<string, unknown>): number {
    const f = body.freq;
    if (typeof f !== "string" || !Object.hasOwn(FREQ_MS, f)) throw bad("freq must be 5min, 1hour or 1day");
    return FREQ_MS[f];
  }

  private filter(q: Query, timeColumn: string, from: number, to: number) {
    const params: Record<string, unknown> = { from, to, ...Object.fromEntries(q.domains.map((d, i) => [`d${i}`, d])) };
    let where = `domain IN (${q.domains.map((_, i) => `@d${i}`).join(", ")}) AND ${timeColumn} >= @from AND ${timeColumn} <= @to`;
    if (q.region) {
      where += " AND region = @region";
      params.region = q.region;
    }
    return { where, params };
  }

  private rollupSeries(op: "reqcount" | "hitmiss", q: Query, step: number) {
    const points = pointTimes(this.clock, q.startMs, q.endMs, step);
    const first = points[0];
    const { where, params } = this.filter(q, "slot", Math.floor(first / SLOT_MS), Math.floor((points[points.length - 1] + step - 1) / SLOT_MS));
    const rows = this.db
      .prepare(
        `SELECT CAST((slot * ${SLOT_MS} - @first) / @step AS INTEGER) AS idx, SUM(requests) AS requests, SUM(hit_requests) AS hits,
                SUM(bytes) AS bytes, SUM(hit_bytes) AS hitBytes
         FROM fusion_rollup WHERE ${where} GROUP BY idx`,
      )
      .all({ ...params, first, step }) as Array<{ idx: number; requests: number; hits: number; bytes: number; hitBytes: number }>;
    const zeros = () => new Array<number>(points.length).fill(0);
    const labels = points.map((t) => this.clock.analysisPoint(t));
    if (op === "reqcount") {
      const reqCount = zeros();
      for (const r of rows) reqCount[r.idx] = r.requests;
      return { points: labels, reqCount };
    }
    const [hit, miss, trafficHit, trafficMiss] = [zeros(), zeros(), zeros(), zeros()];
    for (const r of rows) {
      hit[r.idx] = r.hits;
      miss[r.idx] = r.requests - r.hits;
      trafficHit[r.idx] = r.hitBytes;
      trafficMiss[r.idx] = r.bytes - r.hitBytes;
    }
    return { points: labels, hit, miss, trafficHit, trafficMiss };
  }

  private statusCodes(q: Query, step: number) {
    const points = pointTimes(this.clock, q.startMs, q.endMs, step);
    const first = points[0];
    const { where, params } = this.filter(q, "time_ms", first, points[points.length - 1] + step - 1);
    const rows = this.db
      .prepare(`SELECT CAST((time_ms - @first) / @step AS INTEGER) AS idx, status, COUNT(*) AS n FROM fusion_traffic WHERE ${where} GROUP BY idx, status`)
      .all({ ...params, first, step }) as Array<{ idx: number; status: number; n: number }>;
    const codes: Record<string, number[]> = {};
    for (const r of rows) {
      codes[String(r.status)] ??= new Array<number>(points.length).fill(0);
      codes[String(r.status)][r.idx] = r.n;
    }
    return { points: points.map((t) => this.clock.analysisPoint(t)), codes };
  }

  private top(op: "topcounturl" | "toptrafficurl" | "topcountip" | "toptrafficip", q: Query) {
    const { where, params } = this.filter(q, "time_ms", q.startMs, q.endMs);
    const byUrl = op.endsWith("url");
    const byTraffic = op.startsWith("toptraffic");
    // Top URLs are full URLs without the query string, like the access log's request line.
    const key = byUrl ? "'http://' || domain || CASE WHEN instr(url, '?') > 0 THEN substr(url, 1, instr(url, '?') - 1) ELSE url END" : "ip";
    const rows = this.db
      .prepare(
        `SELECT ${key} AS k, ${byTraffic ? "SUM(bytes)" : "COUNT(*)"} AS v FROM fusion_traffic WHERE ${where}
         GROUP BY k ORDER BY v DESC, k ASC LIMIT ${TOP_LIMIT}`,
      )
      .all(params) as Array<{ k: string; v: number }>;
    return { [byUrl ? "urls" : "ips"]: rows.map((r) => r.k), [byTraffic ? "traffic" : "count"]: rows.map((r) => r.v) };
  }
}

function ok(data: Record<string, unknown>): Record<string, unknown> {
  return { code: 200, error: "", data };
}

// api service, Kodo statistics (developer.qiniu.com/kodo "数据统计接口"): `/v6/space`, `/v6/count` (standard),
// `/v6/space_line`, `/v6/count_line` (IA), `/v6/space_archive`, `/v6/count_archive` (archive) answer
// `{"times":[unix s],"datas":[n]}`; `/v6/blob_io` answers `[{"time","values":{"flow"|"hits"}}]`.
// The emulator keeps no history of its own: each point is derived from the objects stored now, by their put time,
// lifecycle dates (expiry, transitions) and effective storage class at the end of the slot. Objects deleted since are
// not remembered, so past points only count objects that still exist. blob_io sums the downloads the Fusion plug-in
// records for the bucket's domain (fusion_traffic).
import type { RequestCtx } from "../core";
import { badRequest, QiniuHttpError, sendJson } from "../http";
import { effectiveType, type ObjectRow } from "../records";
import { authedParams, existingBucket } from "./common";

const CLASS_OF: Record<string, number> = { "": 0, _line: 1, _archive: 2 };
const STEP_MS: Record<string, number> = { "5min": 300_000, hour: 3_600_000, day: 86_400_000 };
/** Qiniu's statistics speak China time: `begin`/`end` are UTC+8 wall-clock times, days start at 00:00 +08:00. */
const CST_MS = 8 * 3_600_000;
const MAX_POINTS = 1000;

function parseTime(raw: string | null, name: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(raw ?? "");
  if (!m) throw badRequest(`${name} must be a time like 20060102150405`);
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number);
  const t = Date.UTC(y, mo - 1, d, h, mi, s) - CST_MS;
  if (Number.isNaN(t) || new Date(t + CST_MS).getUTCDate() !== d) throw badRequest(`${name} is not a valid time`);
  return t;
}

/** Slot start times (unix ms) from begin (aligned down to the granularity, in China time) until end. */
function slots(p: URLSearchParams): { starts: number[]; step: number } {
  const g = p.get("g") ?? "day";
  const step = STEP_MS[g];
  if (!step) throw badRequest("g must be 5min, hour or day");
  const begin = parseTime(p.get("begin"), "begin");
  const end = parseTime(p.get("end"), "end");
  if (end <= begin) throw badRequest("end must be after begin");
  const first = Math.floor((begin + CST_MS) / step) * step - CST_MS;
  if ((end - first) / step > MAX_POINTS) throw badRequest(`at most ${MAX_POINTS} points per query`);
  const starts: number[] = [];
  for (let t = first; t < end; t += step) starts.push(t);
  return { starts, step };
}

/** The buckets a query covers: the named one, else every bucket (of `region` when given). */
function bucketsOf(rc: RequestCtx, p: URLSearchParams, bucketParam: string): string[] {
  const region = p.get("region") || p.get("$region");
  const name = p.get(bucketParam);
  if (name) {
    const row = existingBucket(rc, name);
    return !region || row.region === region ? [row.name] : [];
  }
  return rc.core.buckets
    .rows()
    .filter((b) => !region || b.region === region)
    .map((b) => b.name);
}

function storageLine(rc: RequestCtx, p: URLSearchParams, what: "space" | "count", type: number): { times: number[]; datas: number[] } {
  const { starts, step } = slots(p);
  const names = bucketsOf(rc, p, "bucket");
  const select = rc.core.db.prepare("SELECT * FROM objects WHERE bucket = ?");
  const rows = names.flatMap((b) => select.all(b) as ObjectRow[]);
  const now = rc.core.now();
  const datas = starts.map((start) => {
    // The amount held at the end of the slot, or now for the slot in progress; future slots hold nothing yet.
    if (start > now) return 0;
    const at = Math.min(start + step, now);
    let total = 0;
    for (const r of rows) {
      if (r.put_time / 10_000 >= at || (r.expire_at !== null && r.expire_at <= at)) continue;
      if (effectiveType(r, at) !== type) continue;
      total += what === "space" ? r.fsize : 1;
    }
    return total;
  });
  return { times: starts.map((t) => Math.floor(t / 1000)), datas };
}

function isoCst(t: number): string {
  return `${new Date(t + CST_MS).toISOString().slice(0, 19)}+08:00`;
}

function blobIo(rc: RequestCtx, p: URLSearchParams) {
  const select = p.get("select") ?? "flow";
  if (select !== "flow" && select !== "hits") throw badRequest("select must be flow or hits");
  const metric = p.get("$metric") ?? (select === "hits" ? "hits" : "flow_out");
  if (!["flow_out", "cdn_flow_out", "hits"].includes(metric)) throw badRequest("$metric must be flow_out, cdn_flow_out or hits");
  const ftype = p.get("$ftype");
  const { starts, step } = slots(p);
  const names = bucketsOf(rc, p, "$bucket");
  const domain = p.get("$domain");
  const sums = new Map<number, number>();
  // The emulator's downloads are all requests to the bucket domain, counted as direct (flow_out). CDN back-to-source
  // traffic (cdn_flow_out) is what the emulated edge fetched from the bucket: the bytes of its MISSes (fusion/traffic.ts).
  // ftype filters other than standard find objects of other classes too (the traffic table keeps no class).
  if (names.length > 0 && (ftype === null || ftype === "0")) {
    const first = starts[0];
    const end = starts[starts.length - 1] + step;
    const marks = names.map(() => "?").join(",");
    const args: (string | number)[] = [...names, first, end];
    let sql = `SELECT time_ms, bytes FROM fusion_traffic WHERE bucket IN (${marks}) AND time_ms >= ? AND time_ms < ? AND method = 'GET'`;
    if (metric === "cdn_flow_out") sql += " AND hit = 0";
    if (domain) {
      sql += " AND domain = ?";
      args.push(domain);
    }
    let rows: { time_ms: number; bytes: number }[] = [];
    try {
      rows = rc.core.db.prepare(sql).all(...args) as typeof rows;
    } catch {
      rows = []; // no Fusion tables: no traffic recorded
    }
    for (const r of rows) {
      const slot = first + Math.floor((r.time_ms - first) / step) * step;
      sums.set(slot, (sums.get(slot) ?? 0) + (select === "flow" ? r.bytes : 1));
    }
  }
  return starts.map((t) => ({ time: isoCst(t), values: { [select]: sums.get(t) ?? 0 } }));
}

/** `/v6/<stat>`; false for other paths. */
export async function handleStats(rc: RequestCtx): Promise<boolean> {
  const m = /^\/v6\/(space|count)(_line|_archive)?$/.exec(rc.rawPath);
  if (!m && rc.rawPath !== "/v6/blob_io") return false;
  if (rc.method !== "GET" && rc.method !== "POST") throw new QiniuHttpError(405, "method not allowed");
  const p = await authedParams(rc);
  if (!m) sendJson(rc.res, 200, blobIo(rc, p));
  else sendJson(rc.res, 200, storageLine(rc, p, m[1] as "space" | "count", CLASS_OF[m[2] ?? ""]));
  return true;
}

import "server-only";
// Kodo statistics on the api service (developer.qiniu.com/kodo 数据统计接口): GET, signed Qiniu v2, times as China-time
// `YYYYMMDDHHMMSS` (begin inclusive, end exclusive).
import type { BlobIoPoint, StatClass, StatLine, StatQuery } from "./bucket-types";
import { beijingCompact } from "./beijing-time";
import { QiniuError, QiniuInputError } from "./errors";
import type { QiniuTransport } from "./http";

const SUFFIX: Record<StatClass, string> = { standard: "", ia: "_line", archive: "_archive" };

/** `20060102150405` in UTC+8, the zone Qiniu's statistics use. */
export const statTime = beijingCompact;

function query(q: StatQuery): Record<string, string | undefined> {
  if (!(q.end > q.begin)) throw new QiniuInputError("The end of the range must be after its start", "end");
  return { bucket: q.bucket, region: q.region, begin: statTime(q.begin), end: statTime(q.end), g: q.g };
}

function line(body: unknown, status: number, reqId?: string): StatLine {
  const b = body as Partial<StatLine> | null;
  if (!b || !Array.isArray(b.times) || !Array.isArray(b.datas) || b.times.length !== b.datas.length) {
    throw new QiniuError({ status, code: "bad_response", reqId, body, message: "statistics answer without matching times and datas" });
  }
  return { times: b.times, datas: b.datas };
}

/** Stored bytes (`what` = space) or object count of one storage class over time. */
export async function storageStat(t: QiniuTransport, what: "space" | "count", cls: StatClass, q: StatQuery, signal?: AbortSignal): Promise<StatLine> {
  const res = await t.request({ service: "api", method: "GET", path: `/v6/${what}${SUFFIX[cls]}`, query: query(q), auth: "qiniu", idempotent: true, signal });
  return line(res.body, res.status, res.reqId);
}

/**
 * Outbound traffic (select flow, bytes) or GET requests (hits) of a bucket, from the origin (not the CDN). `metric`
 * `cdn_flow_out` is the CDN's back-to-source traffic instead (developer.qiniu.com/kodo/api/blob-io), `domain` narrows
 * it to one download domain (`$domain`).
 */
export async function blobIo(
  t: QiniuTransport,
  select: "flow" | "hits",
  q: StatQuery & { metric?: "flow_out" | "cdn_flow_out" | "hits"; domain?: string },
  signal?: AbortSignal,
): Promise<BlobIoPoint[]> {
  const { bucket, region, ...range } = query(q);
  const res = await t.request({
    service: "api",
    method: "GET",
    path: "/v6/blob_io",
    query: { ...range, select, $bucket: bucket, $region: region, $domain: q.domain, $metric: q.metric ?? (select === "flow" ? "flow_out" : "hits") },
    auth: "qiniu",
    idempotent: true,
    signal,
  });
  if (!Array.isArray(res.body))
    throw new QiniuError({ status: res.status, code: "bad_response", reqId: res.reqId, body: res.body, message: "blob_io answer is not a list" });
  return res.body as BlobIoPoint[];
}

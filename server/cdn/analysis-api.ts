import "server-only";
// Log-analysis calls (/v2/tune/loganalyze/*, docs/qiniu-protocol.md §10 and README of the emulated service). The typed
// client covers the usage APIs; these go through its same transport (QBox over the path, JSON body, `code` 200).
import { QiniuError } from "@/lib/qiniu/errors";
import type { QiniuClient } from "@/lib/qiniu/client";
import type { TopList } from "@/lib/cdn/stats";

export type AnalysisFreq = "5min" | "1hour" | "1day";
export type AnalysisRegion = "global" | "china" | "oversea";

export interface AnalysisQuery {
  domains: string[];
  startDate: string;
  endDate: string;
  freq?: AnalysisFreq;
  region?: AnalysisRegion;
}

export interface HitMiss {
  points: string[];
  hit: number[];
  miss: number[];
  trafficHit: number[];
  trafficMiss: number[];
}
export interface StatusCodes {
  points: string[];
  codes: Record<string, number[]>;
}
export interface ReqCount {
  points: string[];
  reqCount: number[];
}

/** One log-analysis call; `q` may carry the op's own fields (`regions`, `isp` for traffic and bandwidth). */
export async function analyze<T>(client: QiniuClient, op: string, q: AnalysisQuery & { regions?: string[]; isp?: string }, signal?: AbortSignal): Promise<T> {
  const payload: Record<string, unknown> = Object.fromEntries(Object.entries(q).filter(([, v]) => v !== undefined));
  const res = await client.transport.request({
    service: "fusion",
    method: "POST",
    path: `/v2/tune/loganalyze/${op}`,
    body: JSON.stringify(payload),
    contentType: "application/json",
    auth: "qbox",
    idempotent: true,
    acceptStatus: (status, b) => status < 500 && !!b && typeof b === "object" && typeof (b as { code?: unknown }).code === "number",
    signal,
  });
  const body = res.body as { code?: number; error?: string; data?: T } | null;
  if (!body || body.code !== 200 || !body.data) {
    throw new QiniuError({
      status: res.status,
      code: "cdn_error",
      apiCode: body?.code,
      reqId: res.reqId,
      body,
      message: body?.error || `CDN log analysis error ${body?.code ?? res.status}`,
    });
  }
  return body.data;
}

export const hitMiss = (c: QiniuClient, q: AnalysisQuery) => analyze<HitMiss>(c, "hitmiss", q);
export const statusCodes = (c: QiniuClient, q: AnalysisQuery) => analyze<StatusCodes>(c, "statuscode", q);
export const reqCount = (c: QiniuClient, q: AnalysisQuery) => analyze<ReqCount>(c, "reqcount", q);

export async function top(c: QiniuClient, what: "url" | "ip", by: "count" | "traffic", q: AnalysisQuery): Promise<TopList> {
  const data = await analyze<Record<string, unknown>>(c, `top${by}${what}`, { ...q, freq: undefined, region: q.region ?? "global" });
  const keys = data[what === "url" ? "urls" : "ips"];
  const values = data[by];
  return { keys: Array.isArray(keys) ? (keys as string[]) : [], values: Array.isArray(values) ? (values as number[]) : [] };
}

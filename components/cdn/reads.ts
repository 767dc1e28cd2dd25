// The CDN page's reads: GET routes under /api/cdn/ (server/cdn/reads.ts), called with react-query's signal.
import { getJson } from "@/lib/actions/get-json";
import type { AnalysisReport } from "@/server/cdn/analysis-report";
import type { BreakdownReport } from "@/server/cdn/breakdown";
import type { CdnQuota } from "@/server/cdn/quota";
import type { CdnAlerts, CdnLogEntry, CdnTaskPage } from "@/server/cdn/reads";
import type { TrafficReport } from "@/server/cdn/traffic";

type Range = { domains: string[]; startDate: string; endDate: string };

export const cdnReads = {
  traffic: (q: Range & { granularity: string }, signal?: AbortSignal) => getJson<TrafficReport>("/api/cdn/traffic", q, signal),
  analysis: (q: Range, signal?: AbortSignal) => getJson<AnalysisReport>("/api/cdn/analysis", q, signal),
  breakdown: (q: Range, signal?: AbortSignal) => getJson<BreakdownReport>("/api/cdn/breakdown", q, signal),
  logFiles: (q: { domains: string[]; day: string }, signal?: AbortSignal) => getJson<Record<string, CdnLogEntry[]>>("/api/cdn/log-files", q, signal),
  quota: (signal?: AbortSignal) => getJson<CdnQuota>("/api/cdn/quota", {}, signal),
  alerts: (signal?: AbortSignal) => getJson<CdnAlerts>("/api/cdn/alerts", {}, signal),
  tasks: (q: { kind: "refresh" | "prefetch"; pageNo: number; pageSize: number }, signal?: AbortSignal) => getJson<CdnTaskPage>("/api/cdn/tasks", q, signal),
};

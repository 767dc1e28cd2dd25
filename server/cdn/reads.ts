import "server-only";
import { addDays, beijingDay, rangeProblem, type Granularity } from "@/lib/cdn/stats";
import { ActionFailure } from "@/server/errors/action-failure";
import type { ReadDefinition } from "@/server/http/route-guard";
import { getQiniu } from "@/server/qiniu";
import { analysisReport, type AnalysisReport } from "./analysis-report";
import { breakdownReport, type BreakdownReport } from "./breakdown";
import { dataDomains } from "@/lib/cdn/scope";
import { getDb } from "@/server/db";
import { eventsOf, rulesOf, type AlertEvent, type AlertRule } from "./alerts/store";
import { cdnDomains, requireDomainData } from "./domains";
import { cdnCall } from "./errors";
import { currentQuota, type CdnQuota } from "./quota";
import { logListInput, rangeInput, taskListInput, trafficInput } from "./schemas";
import { taskPage, type CdnTaskPage } from "./tasks";
import { trafficReport, type TrafficReport } from "./traffic";
import { z } from "zod";

// The CDN page's reads (issue 10), served as GET routes under app/api/cdn/ (issue 19): traffic, analysis, log
// files, quota and task history. Refresh/prefetch and signed anti-leech links stay server actions (server/actions/cdn.ts).

const LOG_DAYS = 30;

function checkRange(range: { startDate: string; endDate: string }, granularity: Granularity) {
  const problem = rangeProblem(range, granularity, beijingDay(Date.now()));
  if (problem)
    throw new ActionFailure(`cdn.range_${problem}`, `cdn.range.problems.${problem}`, { granularity, days: problem === "tooLong" ? rangeDays(granularity) : 0 });
}

function rangeDays(g: Granularity): number {
  return g === "5min" ? 31 : g === "hour" ? 93 : 366;
}

export const cdnTrafficRead: ReadDefinition<typeof trafficInput, TrafficReport> = {
  name: "cdn.traffic",
  input: trafficInput,
  permission: "cdn.read",
  handler: async (i, ctx) => {
    checkRange(i, i.granularity);
    const client = getQiniu();
    await requireDomainData(client, ctx.user, i.domains);
    return cdnCall(() => trafficReport(client, i.domains, { startDate: i.startDate, endDate: i.endDate }, i.granularity));
  },
};

export const cdnAnalysisRead: ReadDefinition<typeof rangeInput, AnalysisReport> = {
  name: "cdn.analysis",
  input: rangeInput,
  permission: "cdn.read",
  handler: async (i, ctx) => {
    checkRange(i, "day");
    const client = getQiniu();
    await requireDomainData(client, ctx.user, i.domains);
    return cdnCall(() => analysisReport(client, i.domains, { startDate: i.startDate, endDate: i.endDate }));
  },
};

export interface CdnLogEntry {
  name: string;
  size: number;
  mtime: number;
  /** the console's own download route (the signed Qiniu URL never reaches the browser) */
  href: string;
}

export const cdnLogFilesRead: ReadDefinition<typeof logListInput, Record<string, CdnLogEntry[]>> = {
  name: "cdn.logs",
  input: logListInput,
  permission: "cdn.read",
  handler: async (i, ctx) => {
    const today = beijingDay(Date.now());
    if (i.day > today || i.day < addDays(today, 1 - LOG_DAYS)) {
      throw new ActionFailure("cdn.log_day", "cdn.range.problems.tooLong", { granularity: "", days: LOG_DAYS });
    }
    const client = getQiniu();
    await requireDomainData(client, ctx.user, i.domains);
    const list = await cdnCall(() => client.cdnLogList({ day: i.day, domains: i.domains }));
    return Object.fromEntries(
      i.domains.map((d) => [
        d,
        (list[d] ?? []).map((f) => ({
          name: f.name,
          size: f.size,
          mtime: f.mtime,
          href: `/api/cdn/logs?${new URLSearchParams({ domain: d, day: i.day, name: f.name })}`,
        })),
      ]),
    );
  },
};

const nothing = z.object({});

export const cdnQuotaRead: ReadDefinition<typeof nothing, CdnQuota> = {
  name: "cdn.quota",
  input: nothing,
  permission: "cdn.read",
  handler: async () => cdnCall(() => currentQuota(getQiniu())),
};

export type { CdnTaskPage };

export const cdnTasksRead: ReadDefinition<typeof taskListInput, CdnTaskPage> = {
  name: "cdn.tasks",
  input: taskListInput,
  permission: "cdn.read",
  handler: async (i, ctx) => cdnCall(() => taskPage(getQiniu(), ctx.user, i.kind, i.pageNo, i.pageSize)),
};

/** Traffic and bandwidth by region and ISP, and back-to-source traffic, of the chosen domains. */
export const cdnBreakdownRead: ReadDefinition<typeof rangeInput, BreakdownReport> = {
  name: "cdn.breakdown",
  input: rangeInput,
  permission: "cdn.read",
  handler: async (i, ctx) => {
    checkRange(i, "day");
    const client = getQiniu();
    await requireDomainData(client, ctx.user, i.domains);
    const mine = await cdnDomains(client, ctx.user);
    const chosen = i.domains.map((d) => ({ domain: d, bucket: mine.find((m) => m.domain.toLowerCase() === d.toLowerCase())?.bucket ?? "" }));
    return cdnCall(() => breakdownReport(client, chosen, { startDate: i.startDate, endDate: i.endDate }));
  },
};

export interface CdnAlerts {
  /** the domains rules may be made on (whole-bucket data only) */
  domains: string[];
  rules: AlertRule[];
  /** the latest firings and resolutions of those rules, newest first */
  events: AlertEvent[];
}

/** The alert rules and history of the domains whose data the user may see (a scoped user: only theirs). */
export const cdnAlertsRead: ReadDefinition<typeof nothing, CdnAlerts> = {
  name: "cdn.alerts",
  input: nothing,
  permission: "cdn.read",
  handler: async (_i, ctx) => {
    const domains = dataDomains(await cdnCall(() => cdnDomains(getQiniu(), ctx.user))).map((d) => d.domain);
    const rules = await rulesOf(getDb(), domains);
    return {
      domains,
      rules,
      events: await eventsOf(
        getDb(),
        rules.map((r) => r.id),
      ),
    };
  },
};

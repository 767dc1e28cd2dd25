"use client";

import { useQuery } from "@tanstack/react-query";
import clsx from "clsx";
import { useState } from "react";
import { useT } from "@/components/i18n-provider";
import { bucketSize, changeRatio, planRequests, seriesCsv, type StatsSeries } from "@/lib/cdn/stats";
import { QueryError, QueryLoading } from "../ui/query-state";
import { cdnReads } from "./reads";
import type { CdnQuery } from "./query-controls";
import { MAX_DRAWN_POINTS, StatsChart, type ChartView } from "./stats-chart";
import { formatBps, formatBytes, formatPercent } from "@/lib/i18n/format";

function downloadCsv(name: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: "text/csv;charset=utf-8" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function Change({ current, previous }: { current: number; previous: number }) {
  const t = useT();
  const ratio = changeRatio(current, previous);
  if (ratio === null) return <span className="text-slate-500">{t("cdn.traffic.noPrevious")}</span>;
  if (ratio === 0) return <span className="text-slate-500">{t("cdn.traffic.flat")}</span>;
  const pct = formatPercent(Math.abs(ratio));
  return (
    <span className={ratio > 0 ? "text-emerald-700 dark:text-emerald-300" : "text-red-700 dark:text-red-300"}>
      {t(ratio > 0 ? "cdn.traffic.up" : "cdn.traffic.down", { pct })}
    </span>
  );
}

function Card({ title, value, testId, children, hint }: { title: string; value: string; testId: string; children?: React.ReactNode; hint?: string }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900" title={hint}>
      <p className="text-sm text-slate-500">{title}</p>
      <p className="mt-1 text-2xl font-semibold tabular-nums" data-testid={testId}>
        {value}
      </p>
      <div className="mt-1 space-y-0.5 text-xs">{children}</div>
    </div>
  );
}

export function TrafficPanel({ query }: { query: CdnQuery }) {
  const t = useT();
  const [view, setView] = useState<ChartView>("domain");
  const report = useQuery({ queryKey: ["cdn", "traffic", query], queryFn: ({ signal }) => cdnReads.traffic(query, signal) });
  const calls = planRequests(query.domains, query).length;

  if (report.isPending) return <QueryLoading />;
  if (report.isError) {
    return (
      <div data-testid="cdn-traffic-error">
        <QueryError error={report.error} retry={report} />
      </div>
    );
  }
  const { flux, bandwidth, previous, summary: f, bandwidthKind, cutAt } = report.data;
  const step = bucketSize(flux.time.length, MAX_DRAWN_POINTS);
  const bwStep = bucketSize(bandwidth.time.length, MAX_DRAWN_POINTS);
  // Says what the bandwidth chart draws: 5-minute values, or averages per point (per drawn bucket when downsampled).
  const bwPlots =
    bandwidthKind === "5min"
      ? bwStep > 1
        ? t("cdn.traffic.plotsMean5min", { minutes: bwStep * 5 })
        : t("cdn.traffic.plots5min")
      : t(query.granularity === "hour" ? "cdn.traffic.plotsHourAverage" : "cdn.traffic.plotsDayAverage");
  const empty = f.flux.total === 0;
  const day = query.granularity === "day";
  const csv = (kind: "flux" | "bandwidth", s: StatsSeries) =>
    downloadCsv(
      `cdn-${kind}-${query.startDate}_${query.endDate}-${query.granularity}.csv`,
      seriesCsv(s, query.domains, kind === "flux" ? "bytes" : bandwidthKind === "5min" ? "bps" : "average bps"),
    );

  return (
    <section className="space-y-4" data-testid="cdn-traffic" data-points={flux.time.length} data-granularity={query.granularity} data-cut={cutAt ?? ""}>
      {calls > 1 && <p className="text-xs text-slate-500">{t("cdn.range.split", { count: calls })}</p>}
      <div className="grid gap-3 sm:grid-cols-3">
        <Card title={t("cdn.traffic.totalFlux")} value={formatBytes(f.flux.total)} testId="cdn-total-flux">
          <p className="text-slate-500" data-testid="cdn-previous-range">
            {previous.cutAt
              ? t("cdn.traffic.previousUntil", { start: previous.range.startDate, end: previous.cutAt })
              : t("cdn.traffic.previous", { start: previous.range.startDate, end: previous.range.endDate })}
          </p>
          <Change current={f.flux.total} previous={previous.flux.total} />
        </Card>
        <Card title={t("cdn.traffic.peakBandwidth")} value={formatBps(f.bandwidth.peak.value)} testId="cdn-peak-bandwidth">
          {f.bandwidth.peak.time && (
            <p className="text-slate-500" data-testid="cdn-peak-time">
              {t("cdn.traffic.peakAt", { time: f.bandwidth.peak.time })}
            </p>
          )}
          <p className="text-slate-500">{t("cdn.traffic.peakBasis")}</p>
          <Change current={f.bandwidth.peak.value} previous={previous.bandwidth.peak.value} />
        </Card>
        <Card title={t("cdn.traffic.p95")} value={formatBps(f.bandwidth.p95)} testId="cdn-p95" hint={t("cdn.traffic.p95Hint")}>
          <p className="text-slate-500">{t("cdn.traffic.p95Hint")}</p>
          <Change current={f.bandwidth.p95} previous={previous.bandwidth.p95} />
        </Card>
      </div>

      <div className="flex flex-wrap items-center gap-2">
        <div role="group" className="flex overflow-hidden rounded-md border border-slate-300 dark:border-slate-700">
          {(["domain", "region"] as const).map((v) => (
            <button
              key={v}
              type="button"
              aria-pressed={view === v}
              onClick={() => setView(v)}
              className={clsx(
                "px-3 py-1 text-sm",
                view === v ? "bg-slate-800 text-white dark:bg-slate-200 dark:text-slate-900" : "hover:bg-slate-100 dark:hover:bg-slate-800",
              )}
            >
              {t(v === "domain" ? "cdn.traffic.byDomain" : "cdn.traffic.byRegion")}
            </button>
          ))}
        </div>
        <button
          type="button"
          className="rounded-md border border-slate-300 px-3 py-1 text-sm hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
          onClick={() => csv("flux", flux)}
          data-testid="cdn-export-flux"
        >
          {t("cdn.traffic.exportCsv")} · {t("cdn.traffic.flux")}
        </button>
        <button
          type="button"
          className="rounded-md border border-slate-300 px-3 py-1 text-sm hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
          onClick={() => csv("bandwidth", bandwidth)}
          data-testid="cdn-export-bandwidth"
        >
          {t("cdn.traffic.exportCsv")} · {t("cdn.traffic.bandwidth")}
        </button>
      </div>
      {step > 1 && <p className="text-xs text-slate-500">{t("cdn.traffic.downsampled", { n: step })}</p>}
      {cutAt && (
        <p className="text-xs text-slate-500" data-testid="cdn-cut-at">
          {t("cdn.traffic.untilNow", { time: cutAt })}
        </p>
      )}
      {empty && (
        <p className="text-sm text-slate-500" data-testid="cdn-traffic-empty">
          {t("cdn.traffic.empty")}
        </p>
      )}

      <div className="grid gap-4 xl:grid-cols-2">
        <div className="rounded-lg border border-slate-200 bg-white p-3 dark:border-slate-800 dark:bg-slate-900">
          <h2 className="mb-2 text-sm font-medium">{t("cdn.traffic.flux")}</h2>
          <StatsChart
            stats={flux}
            domains={query.domains}
            view={view}
            mode="sum"
            format={(n) => formatBytes(n, 1)}
            label={t("cdn.traffic.chartLabel", { what: t("cdn.traffic.flux") })}
            day={day}
          />
        </div>
        <div className="rounded-lg border border-slate-200 bg-white p-3 dark:border-slate-800 dark:bg-slate-900">
          <h2 className="mb-2 text-sm font-medium">{t("cdn.traffic.bandwidth")}</h2>
          <p className="mb-2 text-xs text-slate-500" data-testid="cdn-bandwidth-plots">
            {bwPlots} · {t("cdn.traffic.peakLine", { value: formatBps(f.bandwidth.peak.value) })}
          </p>
          <StatsChart
            stats={bandwidth}
            domains={query.domains}
            view={view}
            mode="mean"
            format={(n) => formatBps(n, 1)}
            label={t("cdn.traffic.chartLabel", { what: t("cdn.traffic.bandwidth") })}
            day={day}
          />
        </div>
      </div>
    </section>
  );
}

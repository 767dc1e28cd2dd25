"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Bar, BarChart, CartesianGrid, Cell, Line, LineChart, Pie, PieChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { useFormat, useT } from "@/components/i18n-provider";
import { total } from "@/lib/cdn/stats";
import type { TopList } from "@/lib/cdn/stats";
import { copyText } from "@/components/ui/clipboard";
import { QueryError, QueryLoading } from "../ui/query-state";
import { cdnReads } from "./reads";
import { StatusTimeline } from "./status-timeline";
import type { CdnQuery } from "./query-controls";
import { formatBytes, formatPercent } from "@/lib/i18n/format";
import { pointLabel, pointTitle } from "@/lib/cdn/format";
import { ChartZone } from "./stats-chart";

const STATUS_COLORS: Record<string, string> = { "2": "#10b981", "3": "#0a8df0", "4": "#f59e0b", "5": "#ef4444" };

function Ratio({ title, hit, miss, testId }: { title: string; hit: number; miss: number; testId: string }) {
  const t = useT();
  const all = hit + miss;
  const data = [
    { name: t("cdn.analysis.hit"), value: hit, fill: "#10b981" },
    { name: t("cdn.analysis.miss"), value: miss, fill: "#f59e0b" },
  ];
  return (
    <div className="flex items-center gap-3">
      <div className="h-28 w-28 shrink-0" aria-hidden>
        <ResponsiveContainer>
          <PieChart>
            <Pie data={data} dataKey="value" innerRadius={30} outerRadius={50} isAnimationActive={false}>
              {data.map((d) => (
                <Cell key={d.name} fill={d.fill} />
              ))}
            </Pie>
          </PieChart>
        </ResponsiveContainer>
      </div>
      <div>
        <p className="text-sm text-slate-500">{title}</p>
        <p className="text-2xl font-semibold tabular-nums" data-testid={testId}>
          {all === 0 ? "—" : formatPercent(hit / all)}
        </p>
      </div>
    </div>
  );
}

/** One top-list entry: cut to the column, the whole text (a long URL) on demand, with a copy button. */
function TopKey({ text }: { text: string }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const [copied, setCopied] = useState(false);
  return (
    <td className={open ? "py-1 font-mono text-xs" : "max-w-0 truncate py-1 font-mono text-xs"} title={text}>
      <button
        type="button"
        className="max-w-full truncate text-left hover:underline"
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
        data-testid="cdn-top-key"
      >
        {text}
      </button>
      {open && (
        <span className="mt-1 flex items-start gap-2" data-testid="cdn-top-full">
          <span className="break-all select-all">{text}</span>
          <button
            type="button"
            className="shrink-0 rounded border border-slate-300 px-1.5 text-xs dark:border-slate-700"
            data-testid="cdn-top-copy"
            onClick={() => void copyText(text).then(() => setCopied(true))}
          >
            {copied ? t("cdn.antileech.copied") : t("cdn.antileech.copy")}
          </button>
        </span>
      )}
    </td>
  );
}

function TopTable({
  title,
  list,
  keyLabel,
  valueLabel,
  format,
  testId,
}: {
  title: string;
  list: TopList;
  keyLabel: string;
  valueLabel: string;
  format(n: number): string;
  testId: string;
}) {
  const t = useT();
  return (
    <div>
      <h3 className="mb-1 text-sm font-medium">{title}</h3>
      {list.keys.length === 0 ? (
        <p className="text-sm text-slate-500">{t("cdn.analysis.empty")}</p>
      ) : (
        <table className="w-full text-sm" data-testid={testId}>
          <thead>
            <tr className="text-left text-slate-500">
              <th className="py-1 font-normal">{keyLabel}</th>
              <th className="py-1 text-right font-normal">{valueLabel}</th>
            </tr>
          </thead>
          <tbody>
            {list.keys.map((k, i) => (
              <tr key={k} className="border-t border-slate-100 align-top dark:border-slate-800">
                <TopKey text={k} />
                <td className="py-1 text-right tabular-nums">{format(list.values[i])}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

export function AnalysisPanel({ query }: { query: CdnQuery }) {
  const t = useT();
  const f = useFormat();
  const { locale, timeZone } = f;
  const [by, setBy] = useState<"count" | "traffic">("count");
  const input = { domains: query.domains, startDate: query.startDate, endDate: query.endDate };
  const r = useQuery({ queryKey: ["cdn", "analysis", input], queryFn: ({ signal }) => cdnReads.analysis(input, signal) });
  if (r.isPending) return <QueryLoading />;
  if (r.isError) return <QueryError error={r.error} retry={r} />;
  const a = r.data;
  const day = a.freq === "1day";
  const requests = a.points.map((p, i) => ({ time: p, value: a.requests[i] }));
  const codes = Object.entries(a.codes)
    .sort(([x], [y]) => x.localeCompare(y))
    .map(([code, value]) => ({ code, value }));
  const fmtCount = (n: number) => f.number(n);
  const urls = by === "count" ? a.topUrlsByCount : a.topUrlsByTraffic;
  const ips = by === "count" ? a.topIpsByCount : a.topIpsByTraffic;
  const fmt = by === "count" ? fmtCount : (n: number) => formatBytes(n);
  const valueLabel = t(by === "count" ? "cdn.analysis.count" : "cdn.analysis.traffic");

  return (
    <section className="space-y-4" data-testid="cdn-analysis">
      {a.limited && (
        <p className="text-sm text-amber-700 dark:text-amber-300">{t("cdn.analysis.limited", { start: a.range.startDate, end: a.range.endDate })}</p>
      )}
      <div className="grid gap-4 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-3 dark:border-slate-800 dark:bg-slate-900">
        <Ratio title={t("cdn.analysis.hitRequests")} hit={total(a.hit)} miss={total(a.miss)} testId="cdn-hit-ratio" />
        <Ratio title={t("cdn.analysis.hitTraffic")} hit={total(a.trafficHit)} miss={total(a.trafficMiss)} testId="cdn-hit-traffic-ratio" />
        <div>
          <p className="text-sm text-slate-500">{t("cdn.analysis.totalRequests")}</p>
          <p className="text-2xl font-semibold tabular-nums" data-testid="cdn-total-requests">
            {fmtCount(total(a.requests))}
          </p>
        </div>
      </div>

      <div className="grid gap-4 xl:grid-cols-2">
        <figure className="rounded-lg border border-slate-200 bg-white p-3 dark:border-slate-800 dark:bg-slate-900" aria-label={t("cdn.analysis.requests")}>
          <h2 className="mb-2 text-sm font-medium">{t("cdn.analysis.requests")}</h2>
          <div className="h-60">
            <ResponsiveContainer>
              <LineChart data={requests}>
                <CartesianGrid strokeDasharray="3 3" strokeOpacity={0.3} />
                <XAxis dataKey="time" tickFormatter={(v: string) => pointLabel(v, day, locale, timeZone)} minTickGap={32} fontSize={12} />
                <YAxis fontSize={12} width={56} />
                <Tooltip contentStyle={{ fontSize: 12 }} labelFormatter={(l) => pointTitle(String(l), day, locale, timeZone)} />
                <Line type="monotone" dataKey="value" name={t("cdn.analysis.requests")} stroke="#0a8df0" dot={false} isAnimationActive={false} />
              </LineChart>
            </ResponsiveContainer>
          </div>
          <ChartZone day={day} />
        </figure>
        <figure className="rounded-lg border border-slate-200 bg-white p-3 dark:border-slate-800 dark:bg-slate-900" aria-label={t("cdn.analysis.statusCodes")}>
          <h2 className="mb-2 text-sm font-medium">{t("cdn.analysis.statusCodes")}</h2>
          <div className="h-60" data-testid="cdn-status-codes" data-codes={codes.map((c) => `${c.code}:${c.value}`).join(",")}>
            <ResponsiveContainer>
              <BarChart data={codes}>
                <CartesianGrid strokeDasharray="3 3" strokeOpacity={0.3} />
                <XAxis dataKey="code" fontSize={12} />
                <YAxis fontSize={12} width={56} />
                <Tooltip contentStyle={{ fontSize: 12 }} formatter={(v) => [fmtCount(Number(v)), t("cdn.analysis.count")]} />
                <Bar dataKey="value" isAnimationActive={false}>
                  {codes.map((c) => (
                    <Cell key={c.code} fill={STATUS_COLORS[c.code[0]] ?? "#64748b"} />
                  ))}
                </Bar>
              </BarChart>
            </ResponsiveContainer>
          </div>
        </figure>
      </div>

      <StatusTimeline points={a.points} codes={a.codeSeries} day={day} />

      <div className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
        <div role="group" className="mb-3 flex w-fit overflow-hidden rounded-md border border-slate-300 dark:border-slate-700">
          {(["count", "traffic"] as const).map((b) => (
            <button
              key={b}
              type="button"
              aria-pressed={by === b}
              onClick={() => setBy(b)}
              className={
                by === b
                  ? "bg-slate-800 px-3 py-1 text-sm text-white dark:bg-slate-200 dark:text-slate-900"
                  : "px-3 py-1 text-sm hover:bg-slate-100 dark:hover:bg-slate-800"
              }
            >
              {t(b === "count" ? "cdn.analysis.byCount" : "cdn.analysis.byTraffic")}
            </button>
          ))}
        </div>
        <div className="grid gap-6 xl:grid-cols-2">
          <TopTable title={t("cdn.analysis.topUrls")} list={urls} keyLabel={t("cdn.analysis.url")} valueLabel={valueLabel} format={fmt} testId="cdn-top-urls" />
          <TopTable title={t("cdn.analysis.topIps")} list={ips} keyLabel={t("cdn.analysis.ip")} valueLabel={valueLabel} format={fmt} testId="cdn-top-ips" />
        </div>
      </div>
    </section>
  );
}

"use client";

import { useQuery } from "@tanstack/react-query";
import { Bar, BarChart, CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { useFormat, useT } from "@/components/i18n-provider";
import { share } from "@/lib/cdn/breakdown";
import { daysInRange } from "@/lib/cdn/stats";
import { formatBps, formatBytes, formatPercent } from "@/lib/i18n/format";
import { pointLabel } from "@/lib/cdn/format";
import type { MessageKey } from "@/lib/i18n/translate";
import type { BreakdownRow } from "@/server/cdn/breakdown";
import { QueryError, QueryLoading } from "../ui/query-state";
import { cdnReads } from "./reads";
import type { CdnQuery } from "./query-controls";

const box = "rounded-lg border border-slate-200 bg-white p-3 dark:border-slate-800 dark:bg-slate-900";

function RowsChart({ title, rows, label, testId }: { title: string; rows: BreakdownRow[]; label(name: string): string; testId: string }) {
  const t = useT();
  const all = rows.reduce((a, r) => a + r.traffic, 0);
  const data = rows.map((r) => ({ name: label(r.name), traffic: r.traffic }));
  return (
    <figure className={box} aria-label={title}>
      <h3 className="mb-2 text-sm font-medium">{title}</h3>
      <div className="h-52">
        <ResponsiveContainer>
          <BarChart data={data} layout="vertical" margin={{ left: 24 }}>
            <CartesianGrid strokeDasharray="3 3" strokeOpacity={0.3} />
            <XAxis type="number" tickFormatter={(v: number) => formatBytes(v, 0)} fontSize={12} />
            <YAxis type="category" dataKey="name" width={96} fontSize={12} />
            <Tooltip contentStyle={{ fontSize: 12 }} formatter={(v) => [formatBytes(Number(v)), t("cdn.breakdown.traffic")]} />
            <Bar dataKey="traffic" fill="#0a8df0" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
      <table className="mt-2 w-full text-sm" data-testid={testId}>
        <thead>
          <tr className="text-left text-xs text-slate-500">
            <th className="py-1 font-normal" />
            <th className="py-1 text-right font-normal">{t("cdn.breakdown.traffic")}</th>
            <th className="py-1 text-right font-normal">{t("cdn.breakdown.share")}</th>
            <th className="py-1 text-right font-normal">{t("cdn.breakdown.peak")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr
              key={r.name}
              className="border-t border-slate-100 dark:border-slate-800"
              data-testid="cdn-breakdown-row"
              data-name={r.name}
              data-traffic={r.traffic}
            >
              <td className="py-1">{label(r.name)}</td>
              <td className="py-1 text-right tabular-nums">{formatBytes(r.traffic)}</td>
              <td className="py-1 text-right tabular-nums">{formatPercent(share(r.traffic, all))}</td>
              <td className="py-1 text-right tabular-nums">{formatBps(r.peakBandwidth)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

/** Traffic and bandwidth by region and ISP, and back-to-source traffic, for the chosen domains and days. */
export function BreakdownPanel({ query, edgeTraffic }: { query: CdnQuery; edgeTraffic?: number }) {
  const t = useT();
  const f = useFormat();
  const input = { domains: query.domains, startDate: query.startDate, endDate: query.endDate };
  const r = useQuery({ queryKey: ["cdn", "breakdown", input], queryFn: ({ signal }) => cdnReads.breakdown(input, signal) });
  if (r.isPending) return <QueryLoading />;
  if (r.isError) return <QueryError error={r.error} retry={r} />;
  const b = r.data;
  // Daily points beyond two days, as breakdownReport asks.
  const day = daysInRange(b.range) > 2;
  const regionName = (n: string) => t(`cdn.breakdown.regions.${n}` as MessageKey);
  const ispName = (n: string) => t(`cdn.breakdown.isps.${n}` as MessageKey);
  const origin = b.origin.points.map((p, i) => ({ time: p.slice(0, 16).replace("T", " "), value: b.origin.traffic[i] }));
  const edge = edgeTraffic ?? b.regions.reduce((a, x) => a + x.traffic, 0);
  return (
    <section className="space-y-4" data-testid="cdn-breakdown">
      <h2 className="text-base font-medium">{t("cdn.breakdown.title")}</h2>
      {b.limited && (
        <p className="text-sm text-amber-700 dark:text-amber-300">{t("cdn.breakdown.limited", { start: b.range.startDate, end: b.range.endDate })}</p>
      )}
      <div className="grid gap-4 xl:grid-cols-2">
        <RowsChart title={t("cdn.breakdown.byRegion")} rows={b.regions} label={regionName} testId="cdn-breakdown-regions" />
        <RowsChart title={t("cdn.breakdown.byIsp")} rows={b.isps} label={ispName} testId="cdn-breakdown-isps" />
      </div>
      <figure className={box} aria-label={t("cdn.breakdown.origin")}>
        <h3 className="text-sm font-medium">{t("cdn.breakdown.origin")}</h3>
        <p className="text-xs text-slate-500">{t("cdn.breakdown.originHint")}</p>
        <p className="mt-1 text-sm">
          {t("cdn.breakdown.originTotal")}:{" "}
          <span className="font-semibold tabular-nums" data-testid="cdn-origin-total" data-bytes={b.origin.total}>
            {formatBytes(b.origin.total)}
          </span>{" "}
          <span className="text-slate-500">{t("cdn.breakdown.originShare", { pct: formatPercent(share(b.origin.total, edge)) })}</span>
        </p>
        <div className="h-52">
          <ResponsiveContainer>
            <LineChart data={origin}>
              <CartesianGrid strokeDasharray="3 3" strokeOpacity={0.3} />
              <XAxis dataKey="time" tickFormatter={(v: string) => pointLabel(v, day, f.locale, f.timeZone)} minTickGap={32} fontSize={12} />
              <YAxis tickFormatter={(v: number) => formatBytes(v, 0)} fontSize={12} width={72} />
              <Tooltip contentStyle={{ fontSize: 12 }} formatter={(v) => [formatBytes(Number(v)), t("cdn.breakdown.origin")]} />
              <Line type="monotone" dataKey="value" stroke="#f59e0b" dot={false} isAnimationActive={false} />
            </LineChart>
          </ResponsiveContainer>
        </div>
      </figure>
    </section>
  );
}

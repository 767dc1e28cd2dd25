"use client";

import { useMemo } from "react";
import { Area, AreaChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { useFormat, useT } from "@/components/i18n-provider";
import { combine, downsample, downsampleTimes, type StatsSeries } from "@/lib/cdn/stats";
import { pointLabel, pointTitle } from "@/lib/cdn/format";

export const MAX_DRAWN_POINTS = 500;
const COLORS = ["#0a8df0", "#f59e0b", "#10b981", "#8b5cf6", "#ef4444", "#14b8a6", "#ec4899", "#64748b"];

export type ChartView = "domain" | "region";

/**
 * Stacked areas per domain (china + oversea) or per region (all chosen domains), downsampled for drawing:
 * traffic summed per bucket, bandwidth averaged (averages of stacked domains add up; their maxima would not).
 */
export function StatsChart({
  stats,
  domains,
  view,
  mode,
  format,
  label,
  day,
}: {
  stats: StatsSeries;
  domains: string[];
  view: ChartView;
  mode: "sum" | "max" | "mean";
  format(n: number): string;
  label: string;
  day: boolean;
}) {
  const t = useT();
  const { locale, timeZone } = useFormat();
  const { rows, keys } = useMemo(() => {
    const series: Array<{ key: string; name: string; values: number[] }> =
      view === "domain"
        ? domains.map((d) => ({ key: d, name: d, values: combine(stats, [d]) }))
        : [
            { key: "china", name: t("cdn.traffic.china"), values: combine(stats, domains, ["china"]) },
            { key: "oversea", name: t("cdn.traffic.oversea"), values: combine(stats, domains, ["oversea"]) },
          ];
    const times = downsampleTimes(stats.time, MAX_DRAWN_POINTS);
    const drawn = series.map((s) => downsample(s.values, MAX_DRAWN_POINTS, mode));
    return {
      keys: series.map((s, i) => ({ key: `s${i}`, name: s.name })),
      rows: times.map((time, i) => Object.fromEntries([["time", time], ...drawn.map((v, j) => [`s${j}`, v[i]])])),
    };
  }, [stats, domains, view, mode, t]);

  return (
    <figure aria-label={label} className="w-full">
      <div className="h-72">
        <ResponsiveContainer width="100%" height="100%">
          <AreaChart data={rows} margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" strokeOpacity={0.3} />
            <XAxis dataKey="time" tickFormatter={(v: string) => pointLabel(v, day, locale, timeZone)} minTickGap={32} fontSize={12} />
            <YAxis tickFormatter={(v: number) => format(v)} width={84} fontSize={12} />
            <Tooltip
              formatter={(v, name) => [format(Number(v)), name]}
              labelFormatter={(l) => pointTitle(String(l), day, locale, timeZone)}
              contentStyle={{ fontSize: 12 }}
            />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            {keys.map((k, i) => (
              <Area
                key={k.key}
                type="monotone"
                dataKey={k.key}
                name={k.name}
                stackId="1"
                stroke={COLORS[i % COLORS.length]}
                fill={COLORS[i % COLORS.length]}
                fillOpacity={0.35}
                isAnimationActive={false}
                dot={false}
              />
            ))}
          </AreaChart>
        </ResponsiveContainer>
      </div>
      <ChartZone day={day} />
    </figure>
  );
}

/** Says which clock a chart's time axis uses: the display time zone, or Qiniu's Beijing days for daily points. */
export function ChartZone({ day }: { day: boolean }) {
  const t = useT();
  const f = useFormat();
  return (
    <figcaption className="mt-1 text-xs text-slate-500" data-testid="chart-time-zone">
      {day ? t("common.beijingDays") : t("common.timesIn", { zone: `${f.zoneLabel()} (${f.timeZone})` })}
    </figcaption>
  );
}

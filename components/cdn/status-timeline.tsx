"use client";

import { useMemo } from "react";
import { Area, AreaChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { useFormat, useT } from "@/components/i18n-provider";
import { pointLabel } from "@/lib/cdn/format";
import { statusClassSeries } from "@/lib/cdn/breakdown";

const CLASS_COLORS: Record<string, string> = { "2xx": "#10b981", "3xx": "#0a8df0", "4xx": "#f59e0b", "5xx": "#ef4444" };

/** Requests per status class (2xx … 5xx) over time, stacked, from log analysis' statuscode points. */
export function StatusTimeline({ points, codes, day }: { points: string[]; codes: Record<string, number[]>; day: boolean }) {
  const t = useT();
  const f = useFormat();
  const { rows, classes } = useMemo(() => {
    const series = statusClassSeries(codes, points.length);
    const names = Object.keys(series);
    return { classes: names, rows: points.map((time, i) => Object.fromEntries([["time", time], ...names.map((c) => [c, series[c][i]])])) };
  }, [points, codes]);
  return (
    <figure
      className="rounded-lg border border-slate-200 bg-white p-3 dark:border-slate-800 dark:bg-slate-900"
      aria-label={t("cdn.analysis.statusOverTime")}
      data-testid="cdn-status-timeline"
      data-classes={classes.join(",")}
    >
      <h3 className="mb-2 text-sm font-medium">{t("cdn.analysis.statusOverTime")}</h3>
      <div className="h-60">
        <ResponsiveContainer>
          <AreaChart data={rows}>
            <CartesianGrid strokeDasharray="3 3" strokeOpacity={0.3} />
            <XAxis dataKey="time" tickFormatter={(v: string) => pointLabel(v, day, f.locale, f.timeZone)} minTickGap={32} fontSize={12} />
            <YAxis fontSize={12} width={56} />
            <Tooltip contentStyle={{ fontSize: 12 }} />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            {classes.map((c) => (
              <Area
                key={c}
                type="monotone"
                dataKey={c}
                stackId="1"
                stroke={CLASS_COLORS[c] ?? "#64748b"}
                fill={CLASS_COLORS[c] ?? "#64748b"}
                fillOpacity={0.4}
                dot={false}
                isAnimationActive={false}
              />
            ))}
          </AreaChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}

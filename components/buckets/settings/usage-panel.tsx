"use client";

import { useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { Area, AreaChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { useLocale, useT } from "@/components/i18n-provider";
import { USAGE_RANGES } from "@/lib/buckets/schemas";
import type { StatClass } from "@/lib/qiniu/bucket-types";
import { getBucketUsage, type BucketUsage } from "@/server/actions/bucket-rules";
import { call, card, control, hint, Loadable } from "./common";
import { bucketKeys } from "./query-keys";
import { formatBytes, formatNumber } from "@/lib/i18n/format";
import { beijingDay } from "@/lib/qiniu/beijing-time";

const CLASSES: StatClass[] = ["standard", "ia", "archive"];
const COLORS: Record<StatClass, string> = { standard: "#0a8df0", ia: "#f59e0b", archive: "#8b5cf6" };

/** MM-DD of a unix-seconds day start, in Beijing time like Qiniu's statistics. */
// Qiniu's statistics are whole Beijing days: label them as such.
const dayLabel = (s: number) => beijingDay(s * 1000).slice(5);

function ClassChart({
  usage,
  what,
  format,
  label,
  testId,
}: {
  usage: BucketUsage;
  what: "space" | "count";
  format(n: number): string;
  label: string;
  testId: string;
}) {
  const t = useT();
  const rows = useMemo(
    () => usage.times.map((time, i) => ({ time: dayLabel(time), ...Object.fromEntries(CLASSES.map((c) => [c, usage[what][c][i]])) })),
    [usage, what],
  );
  return (
    <figure aria-label={label} className="h-64 w-full" data-testid={testId}>
      <ResponsiveContainer width="100%" height="100%">
        <AreaChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" strokeOpacity={0.3} />
          <XAxis dataKey="time" minTickGap={24} fontSize={12} />
          <YAxis tickFormatter={(v: number) => format(v)} width={72} fontSize={12} />
          <Tooltip formatter={(v, name) => [format(Number(v)), name]} contentStyle={{ fontSize: 12, color: "#0f172a" }} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {CLASSES.map((c) => (
            <Area
              key={c}
              type="monotone"
              dataKey={c}
              name={t(`buckets.usage.${c}`)}
              stackId="1"
              stroke={COLORS[c]}
              fill={COLORS[c]}
              fillOpacity={0.35}
              isAnimationActive={false}
              dot={false}
            />
          ))}
        </AreaChart>
      </ResponsiveContainer>
    </figure>
  );
}

function UsageView({ usage }: { usage: BucketUsage }) {
  const t = useT();
  const locale = useLocale();
  const last = usage.times.length - 1;
  const count = (n: number) => formatNumber(n, locale);
  const empty = CLASSES.every((c) => usage.space[c].every((v) => v === 0) && usage.count[c].every((v) => v === 0));
  const flowTotal = usage.flow.reduce((a, b) => a + b, 0);
  return (
    <div className="space-y-4">
      <div className="grid gap-3 sm:grid-cols-3">
        {CLASSES.map((c) => (
          <div key={c} className={card} data-testid={`usage-total-${c}`}>
            <p className="text-sm text-slate-500">{t(`buckets.usage.${c}`)}</p>
            <p className="text-xl font-semibold tabular-nums" data-testid={`usage-space-${c}`}>
              {formatBytes(last >= 0 ? usage.space[c][last] : 0)}
            </p>
            <p className="text-xs tabular-nums" data-testid={`usage-count-${c}`}>
              {t("buckets.usage.count")}: {count(last >= 0 ? usage.count[c][last] : 0)}
            </p>
          </div>
        ))}
      </div>
      {empty ? (
        <p className="rounded-lg border border-dashed border-slate-300 p-6 text-center text-sm text-slate-500 dark:border-slate-700" data-testid="usage-empty">
          {t("buckets.usage.empty")}
        </p>
      ) : (
        <>
          <section className={card}>
            <h3 className="font-medium">{t("buckets.usage.space")}</h3>
            <ClassChart usage={usage} what="space" format={formatBytes} label={t("buckets.usage.space")} testId="usage-space-chart" />
          </section>
          <section className={card}>
            <h3 className="font-medium">{t("buckets.usage.count")}</h3>
            <ClassChart usage={usage} what="count" format={count} label={t("buckets.usage.count")} testId="usage-count-chart" />
          </section>
        </>
      )}
      <p className="text-sm">
        {t("buckets.usage.flow")}: <span data-testid="usage-flow">{formatBytes(flowTotal)}</span>
      </p>
    </div>
  );
}

export function UsagePanel({ bucket }: { bucket: string }) {
  const t = useT();
  const [days, setDays] = useState<(typeof USAGE_RANGES)[number]>(30);
  const query = useQuery({ queryKey: bucketKeys.usage(bucket, days), queryFn: () => call(getBucketUsage({ bucket, days })) });
  return (
    <div className="space-y-4">
      <label className="flex items-center gap-2 text-sm">
        {t("buckets.usage.range")}
        <select className={control} value={days} onChange={(e) => setDays(Number(e.target.value) as typeof days)} data-testid="usage-range">
          {USAGE_RANGES.map((n) => (
            <option key={n} value={n}>
              {t("buckets.usage.days", { n })}
            </option>
          ))}
        </select>
      </label>
      <Loadable query={query} testId="bucket-usage">
        {(u) => <UsageView usage={u} />}
      </Loadable>
      <p className={hint}>{t("buckets.usage.note")}</p>
    </div>
  );
}

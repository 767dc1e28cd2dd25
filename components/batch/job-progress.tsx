"use client";

import { useFormat, useT } from "@/components/i18n-provider";
import type { BatchJobView } from "@/lib/batch/view";

/** Done / failed / remaining, the rate, and a progress bar. */
export function JobProgress({ job }: { job: BatchJobView }) {
  const t = useT();
  const f = useFormat();
  const { total, done, failed, skipped, pending, inflight } = job.counts;
  const toRun = total - skipped;
  const finished = done + failed;
  const percent = toRun > 0 ? Math.round((finished / toRun) * 100) : 0;
  const stats: [string, number, string][] = [
    ["total", total, ""],
    ["done", done, "text-green-700 dark:text-green-400"],
    ["failed", failed, failed ? "text-red-600" : ""],
    ["remaining", pending + inflight, ""],
    ["skipped", skipped, "text-slate-500"],
  ];
  return (
    <div className="space-y-2" data-testid="batch-progress">
      <dl className="flex flex-wrap gap-x-6 gap-y-1 text-sm">
        {stats.map(([name, value, cls]) => (
          <div key={name} className="flex items-baseline gap-1.5">
            <dt className="text-slate-500">{t(`batch.job.${name as "total"}`)}</dt>
            <dd className={`font-semibold tabular-nums ${cls}`} data-testid={`batch-count-${name}`}>
              {f.number(value)}
            </dd>
          </div>
        ))}
        {job.rate !== null && job.runStartedAt && (
          <div className="text-slate-500" data-testid="batch-rate">
            {t("batch.job.rate", { rate: Math.round(job.rate) })}
          </div>
        )}
      </dl>
      {job.planned && (
        <div
          role="progressbar"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={percent}
          className="h-2 overflow-hidden rounded-full bg-slate-200 dark:bg-slate-800"
        >
          <div className={`h-full ${failed ? "bg-amber-500" : "bg-brand-600"} transition-[width]`} style={{ width: `${percent}%` }} />
        </div>
      )}
    </div>
  );
}

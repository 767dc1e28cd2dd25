"use client";

import { useFormat, useT } from "@/components/i18n-provider";
import type { MessageKey } from "@/lib/i18n/translate";
import type { BatchJobView } from "@/lib/batch/view";

/** What the dry run found: items ready, conflicts, missing sources, overwrites, and why others are skipped. */
export function PlanSummary({ job }: { job: BatchJobView }) {
  const t = useT();
  const f = useFormat();
  if (!job.plan) return null;
  const checks = (["ok", "conflict", "overwrite", "missing"] as const).filter((c) => job.plan!.checks[c] > 0);
  const skips = Object.entries(job.plan.skips);
  return (
    <div className="space-y-1 text-sm" data-testid="batch-plan">
      <h2 className="text-base font-semibold">{t("batch.plan.title")}</h2>
      <ul className="flex flex-wrap gap-x-6 gap-y-1">
        {checks.map((c) => (
          <li key={c} data-testid={`batch-plan-${c}`} className={c === "ok" ? "" : "text-amber-700 dark:text-amber-400"}>
            {t(`batch.plan.${c}`)}: <strong className="tabular-nums">{f.number(job.plan!.checks[c])}</strong>
          </li>
        ))}
        {skips.map(([reason, n]) => (
          <li key={reason} className="text-slate-500" data-testid={`batch-plan-skip-${reason}`}>
            {t("batch.plan.skipped")} ({t(`batch.skip.${reason}` as MessageKey)}): <strong className="tabular-nums">{f.number(n)}</strong>
          </li>
        ))}
      </ul>
    </div>
  );
}

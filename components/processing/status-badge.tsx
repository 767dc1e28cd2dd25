"use client";

import { useT } from "@/components/i18n-provider";
import { statusName, type PfopStatusName } from "@/lib/processing/view";

const STYLES: Record<PfopStatusName, string> = {
  success: "bg-emerald-100 text-emerald-800 dark:bg-emerald-900/50 dark:text-emerald-200",
  waiting: "bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-200",
  processing: "bg-sky-100 text-sky-800 dark:bg-sky-900/50 dark:text-sky-200",
  failed: "bg-red-100 text-red-800 dark:bg-red-900/50 dark:text-red-200",
  notifyFailed: "bg-amber-100 text-amber-800 dark:bg-amber-900/50 dark:text-amber-200",
};

export function StatusBadge({ code, testId }: { code: number; testId?: string }) {
  const t = useT();
  const name = statusName(code);
  return (
    <span data-testid={testId} data-status={name} className={`inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-medium ${STYLES[name]}`}>
      {(name === "processing" || name === "waiting") && <span aria-hidden className="h-1.5 w-1.5 animate-pulse rounded-full bg-current" />}
      {t(`processing.status.${name}`)}
    </span>
  );
}

"use client";

import { useT } from "@/components/i18n-provider";
import { jobTitle } from "./job-title";
import { cardClass } from "@/components/ui/field-styles";
import { useRecentJobs } from "./use-batch-job";
import { LocalTime } from "@/components/ui/local-time";

/** The newest jobs, so a job can be reopened after closing the tab. */
export function RecentJobs({ current, onOpenJob }: { current?: string; onOpenJob: (jobId: string) => void }) {
  const t = useT();
  const { data, isPending, error } = useRecentJobs();
  return (
    <aside className={`${cardClass} space-y-2`} aria-labelledby="batch-recent-title" data-testid="batch-recent">
      <h2 id="batch-recent-title" className="text-base font-semibold">
        {t("batch.recentJobs")}
      </h2>
      {isPending ? (
        <p className="text-sm text-slate-500">{t("common.loading")}</p>
      ) : error ? (
        <p className="text-sm text-red-600">{t("batch.errors.load", { message: error.message })}</p>
      ) : data.length === 0 ? (
        <p className="text-sm text-slate-500">{t("batch.noJobs")}</p>
      ) : (
        <ul className="space-y-1 text-sm">
          {data.map((job) => (
            <li key={job.id}>
              <button
                type="button"
                onClick={() => onOpenJob(job.id)}
                aria-current={job.id === current ? "true" : undefined}
                className={`w-full rounded px-2 py-1 text-left hover:bg-slate-100 dark:hover:bg-slate-800 ${job.id === current ? "bg-brand-50 dark:bg-brand-700/20" : ""}`}
              >
                <span className="block truncate">{jobTitle(t, job)}</span>
                <span className="block text-xs text-slate-500">
                  {t(`batch.status.${job.status}`)} · <LocalTime date={job.createdAt} />
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </aside>
  );
}

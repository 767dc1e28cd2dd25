"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { useFormat, useT } from "@/components/i18n-provider";
import { RUN_REFUSED } from "@/lib/batch/view";
import { jobTitle } from "./job-title";
import { ItemTable } from "./item-table";
import { JobActions } from "./job-actions";
import { JobProgress } from "./job-progress";
import { PlanSummary } from "./plan-summary";
import { cardClass } from "@/components/ui/field-styles";
import { itemsKey, useBatchJob } from "./use-batch-job";

/** One job: state, progress, the dry run's findings, actions and the item results. Polls while the job is busy. */
export function JobPanel({ jobId, onOpenJob }: { jobId: string; onOpenJob: (jobId: string) => void }) {
  const t = useT();
  const f = useFormat();
  const client = useQueryClient();
  const { data: job, error, isPending, dataUpdatedAt } = useBatchJob(jobId);

  // Each poll may have changed item statuses: refresh the visible item pages too.
  useEffect(() => {
    if (dataUpdatedAt) void client.invalidateQueries({ queryKey: itemsKey(jobId) });
  }, [client, jobId, dataUpdatedAt]);
  // The recent jobs list shows each job's state: refresh it when this one changes state.
  const status = job?.status;
  useEffect(() => {
    if (status) void client.invalidateQueries({ queryKey: ["batch-jobs"] });
  }, [client, status]);

  if (isPending) return <p className="text-sm text-slate-500">{t("common.loading")}</p>;
  if (error || !job)
    return (
      <p className="text-sm text-red-600" data-testid="batch-job-error">
        {t("batch.errors.load", { message: error?.message ?? "" })}
      </p>
    );

  return (
    <div className="space-y-4" data-testid="batch-job" data-job-id={job.id} data-status={job.status}>
      <div className={`${cardClass} space-y-3`}>
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 className="text-lg font-semibold">
            {jobTitle(t, job)} <span className="font-mono text-xs text-slate-400">{job.id.slice(0, 8)}</span>
          </h2>
          <span className="rounded-full bg-slate-100 px-2.5 py-0.5 text-sm dark:bg-slate-800" data-testid="batch-status" role="status">
            {t(`batch.status.${job.status}`)}
          </span>
        </div>
        <p className="text-xs text-slate-500">
          {t("batch.job.createdBy", { email: job.createdByEmail, time: `${f.date(job.createdAt)} ${f.zoneLabel(new Date(job.createdAt))}` })}
          {job.runByEmail && job.runByEmail !== job.createdByEmail && (
            <span data-testid="batch-run-by">
              {" · "}
              {t("batch.job.runBy", { email: job.runByEmail })}
            </span>
          )}
          {job.undoOf && (
            <>
              {" · "}
              <button type="button" className="underline" onClick={() => onOpenJob(job.undoOf!)}>
                {t("batch.job.undoOf", { id: job.undoOf.slice(0, 8) })}
              </button>
            </>
          )}
          {job.undoneBy && (
            <>
              {" · "}
              <button type="button" className="underline" onClick={() => onOpenJob(job.undoneBy!)} data-testid="batch-undone-by">
                {t("batch.job.undoneBy", { id: job.undoneBy.slice(0, 8) })}
              </button>
            </>
          )}
        </p>
        {job.status === "interrupted" && <p className="text-sm text-amber-700 dark:text-amber-400">{t("batch.interruptedHint")}</p>}
        {job.error && (
          <p className="text-sm text-red-600" data-testid="batch-job-error-text">
            {job.error === RUN_REFUSED ? t("batch.job.runRefused", { email: job.runByEmail ?? "" }) : t("batch.job.error", { message: job.error })}
          </p>
        )}
        {!job.planned && job.status === "listing" && <p className="text-sm">{t("batch.job.listed", { count: job.counts.total })}</p>}
        <JobProgress job={job} />
        <PlanSummary job={job} />
        <JobActions job={job} onOpenJob={onOpenJob} />
      </div>
      {job.counts.total > 0 && <ItemTable key={`${job.id}-${job.planned}`} job={job} />}
    </div>
  );
}

"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useState, useTransition } from "react";
import { useT } from "@/components/i18n-provider";
import { confirmationCount, type BatchJobView, type JobStatusName } from "@/lib/batch/view";
import { cancelBatchJob, startBatchJob } from "@/server/actions/batch";
import type { ActionResult } from "@/server/actions/wrapper";
import { fetchJob, jobRef } from "@/components/batch/batch-api";
import { usePolling } from "@/components/ui/use-polling";
import { ConfirmRun } from "@/components/batch/confirm-run";
import { JobProgress } from "@/components/batch/job-progress";
import { jobKey } from "@/components/batch/use-batch-job";
import { buttonClass, primaryClass } from "@/components/ui/field-styles";
import { PrefixStats } from "./prefix-stats";
import { browserKeys } from "./query-keys";

const FINAL: readonly JobStatusName[] = ["done", "cancelled", "failed", "interrupted"];

/**
 * A folder job after it was created: its dry run's count (and the folder's size on demand), a typed confirmation
 * for what loses data, then its progress, polled over GET /api/batch/jobs/[id], with a way to stop it.
 */
export function FolderJobRun({ jobId, folder, buckets, onClose }: { jobId: string; folder: string; buckets: string[]; onClose(): void }) {
  const t = useT();
  const qc = useQueryClient();
  const [error, setError] = useState<string>();
  const [busy, startTransition] = useTransition();
  const query = useQuery({
    queryKey: jobKey(jobId),
    queryFn: ({ signal }) => fetchJob(jobId, signal),
    staleTime: 0,
    ...usePolling<BatchJobView>({ minMs: 500, while: (d) => !(d && (FINAL.includes(d.status) || d.status === "planned")) }),
  });
  const job = query.data;
  const finished = job ? FINAL.includes(job.status) : false;

  useEffect(() => {
    // Whatever moved or vanished, every listing of the buckets involved reloads.
    if (finished) for (const b of buckets) void qc.invalidateQueries({ queryKey: browserKeys.bucket(b) });
  }, [finished, buckets, qc]);

  function act(call: () => Promise<ActionResult<BatchJobView>>) {
    startTransition(async () => {
      setError(undefined);
      const res = await call();
      if (res.ok) qc.setQueryData(jobKey(jobId), res.data);
      else setError(res.error.message);
    });
  }

  if (!job) return <p className="text-sm text-slate-500">{query.error?.message ?? t("browser.folders.planning", { prefix: folder })}</p>;
  const count = confirmationCount(job);
  const conflicts = job.plan?.checks.conflict ?? 0;
  return (
    <div className="space-y-3 text-sm" data-testid="folder-job" data-status={job.status}>
      {!job.planned && <p data-testid="folder-job-planning">{t("browser.folders.planning", { prefix: folder })}</p>}
      {job.planned && (
        <p data-testid="folder-job-count" data-count={count}>
          {t("browser.folders.planned", { count: count, prefix: folder })}
          {conflicts > 0 && ` ${t("browser.folders.conflicts", { count: conflicts })}`}
        </p>
      )}
      {job.planned && <PrefixStats bucket={job.bucket} prefix={folder} />}
      {job.status === "planned" &&
        (count === 0 ? (
          <p>{t("browser.folders.nothing")}</p>
        ) : job.destructive ? (
          <ConfirmRun
            job={job}
            count={count}
            undoable={job.undoable}
            busy={busy}
            error={error}
            onConfirm={(typed) => act(() => startBatchJob({ ...jobRef(job), confirm: typed }))}
            onCancel={() => act(() => cancelBatchJob(jobRef(job)))}
          />
        ) : (
          <button type="button" className={primaryClass} disabled={busy} onClick={() => act(() => startBatchJob(jobRef(job)))} data-testid="folder-job-start">
            {t("browser.folders.start")}
          </button>
        ))}
      {job.runs > 0 && <JobProgress job={job} />}
      {/* A planned job that is not wanted is closed too, so it does not wait on the Batch page. */}
      {(job.status === "running" || job.status === "cancelling" || (job.status === "planned" && !job.destructive && count > 0)) && (
        <button
          type="button"
          className={buttonClass}
          disabled={busy || job.status === "cancelling"}
          onClick={() => act(() => cancelBatchJob(jobRef(job)))}
          data-testid="folder-job-stop"
        >
          {t("browser.folders.stop")}
        </button>
      )}
      {finished && (
        <p data-testid="folder-job-result" role="status">
          {job.status === "done" && t("browser.folders.done", { done: job.counts.done, failed: job.counts.failed })}
          {(job.status === "cancelled" || job.status === "interrupted") && t("browser.folders.cancelled", { done: job.counts.done })}
          {job.status === "failed" && t("browser.folders.failedJob", { message: job.error ?? "" })}
        </p>
      )}
      {error && job.status !== "planned" && <p className="text-red-600">{error}</p>}
      <div className="flex items-center justify-between gap-2">
        <Link href={`/batch?job=${job.id}`} className="text-brand-600 underline" data-testid="folder-job-link">
          {t("browser.folders.details")}
        </Link>
        <button type="button" className={buttonClass} onClick={onClose} data-testid="folder-job-close">
          {t("browser.folders.close")}
        </button>
      </div>
    </div>
  );
}

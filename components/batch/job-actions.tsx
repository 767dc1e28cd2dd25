"use client";

import { useState, useTransition } from "react";
import { useT } from "@/components/i18n-provider";
import { hasTarget } from "@/lib/batch/spec";
import { confirmationCount, isBusy, type BatchJobView } from "@/lib/batch/view";
import { cancelBatchJob, resumeBatchJob, retryBatchJob, startBatchJob, undoBatchJob } from "@/server/actions/batch";
import { exportHref, jobRef } from "./batch-api";
import { ConfirmRun } from "./confirm-run";
import { buttonClass, primaryClass } from "@/components/ui/field-styles";
import { useJobRefresh } from "./use-batch-job";

type Pending = { kind: "run" } | { kind: "retry" } | undefined;

/** Run (with a typed confirmation when destructive), cancel, resume, retry failed items, undo, export. */
export function JobActions({ job, onOpenJob }: { job: BatchJobView; onOpenJob: (jobId: string) => void }) {
  const t = useT();
  const refresh = useJobRefresh();
  const [busy, startTransition] = useTransition();
  const [error, setError] = useState<string>();
  const [confirming, setConfirming] = useState<Pending>();
  const [retryOverwrite, setRetryOverwrite] = useState(false);
  const ref = jobRef(job);
  const count = confirmationCount(job);
  const canRetryOverwrite = hasTarget(job.operation) && !job.operation.overwrite;
  const finished = job.status === "done" || job.status === "cancelled" || job.status === "interrupted";

  const act = (run: () => Promise<{ ok: true; data: BatchJobView } | { ok: false; error: { message: string } }>) =>
    startTransition(async () => {
      setError(undefined);
      const res = await run();
      if (!res.ok) return setError(res.error.message);
      setConfirming(undefined);
      refresh(res.data);
    });

  const run = (confirm?: string) => act(() => startBatchJob({ ...ref, confirm }));
  const retry = (confirm?: string) => act(() => retryBatchJob({ ...ref, overwrite: retryOverwrite, confirm }));
  const undo = () =>
    startTransition(async () => {
      setError(undefined);
      const res = await undoBatchJob(ref);
      if (!res.ok) return setError(res.error.message);
      refresh();
      onOpenJob(res.data.jobId);
    });

  return (
    <div className="space-y-3" data-testid="batch-actions">
      <div className="flex flex-wrap items-center gap-2">
        {job.status === "planned" &&
          (count === 0 ? (
            <span className="text-sm text-slate-500">{t("batch.job.nothingToRun")}</span>
          ) : (
            <button
              type="button"
              className={primaryClass}
              disabled={busy}
              data-testid="batch-run"
              onClick={() => (job.destructive ? setConfirming({ kind: "run" }) : run())}
            >
              {t("batch.job.runCount", { count: count })}
            </button>
          ))}
        {(isBusy(job.status) || job.status === "planned") && job.status !== "cancelling" && (
          <button type="button" className={buttonClass} disabled={busy} data-testid="batch-cancel" onClick={() => act(() => cancelBatchJob(ref))}>
            {t("batch.job.cancel")}
          </button>
        )}
        {(job.status === "interrupted" || (job.status === "cancelled" && count > 0)) && (
          <button type="button" className={primaryClass} disabled={busy} data-testid="batch-resume" onClick={() => act(() => resumeBatchJob(ref))}>
            {t("batch.job.resume")}
          </button>
        )}
        {finished && job.counts.failed > 0 && (
          <>
            <button
              type="button"
              className={primaryClass}
              disabled={busy}
              data-testid="batch-retry"
              onClick={() => (retryOverwrite ? setConfirming({ kind: "retry" }) : retry())}
            >
              {t("batch.job.retry", { count: job.counts.failed })}
            </button>
            {canRetryOverwrite && (
              <label className="flex items-center gap-1 text-sm">
                <input type="checkbox" checked={retryOverwrite} onChange={(e) => setRetryOverwrite(e.target.checked)} data-testid="batch-retry-overwrite" />
                {t("batch.job.retryOverwrite")}
              </label>
            )}
          </>
        )}
        {job.undoable && (
          <button type="button" className={buttonClass} disabled={busy} data-testid="batch-undo" onClick={undo}>
            {t("batch.job.undo")}
          </button>
        )}
        {job.planned && (
          <a href={exportHref(job.id)} className={buttonClass} data-testid="batch-export" download>
            {t("batch.job.exportCsv")}
          </a>
        )}
      </div>
      {confirming && (
        <ConfirmRun
          job={confirming.kind === "run" ? job : undefined}
          count={confirming.kind === "run" ? count : job.counts.failed}
          undoable={confirming.kind === "run" && (job.operation.op === "move" || job.operation.op === "rename")}
          busy={busy}
          error={error}
          onCancel={() => setConfirming(undefined)}
          onConfirm={(typed) => (confirming.kind === "run" ? run(typed) : retry(typed))}
        />
      )}
      {error && !confirming && (
        <p role="status" className="text-sm text-red-600" data-testid="batch-action-error">
          {error}
        </p>
      )}
    </div>
  );
}

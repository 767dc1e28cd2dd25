"use client";

import { useT } from "@/components/i18n-provider";
import { ProgressBar } from "./progress-bar";
import type { QueueTotals } from "../../lib/upload/engine/types";
import { formatBytes, formatDuration } from "@/lib/i18n/format";

export interface BulkActions {
  pauseAll(): void;
  resumeAll(): void;
  cancelAll(): void;
  retryFailed(): void;
  clearFinished(): void;
}

const button =
  "rounded-md border border-slate-300 px-2.5 py-1 text-xs font-medium hover:bg-slate-100 disabled:opacity-40 dark:border-slate-700 dark:hover:bg-slate-800";

export function TotalProgress({ totals, actions }: { totals: QueueTotals; actions: BulkActions }) {
  const t = useT();
  const running = totals.files - totals.finished;
  return (
    <div className="grid gap-2" data-testid="upload-total">
      <div className="flex flex-wrap items-baseline gap-x-4 gap-y-1 text-sm">
        <span className="font-medium">{t("upload.queue.total")}</span>
        <span data-testid="upload-total-files">{t("upload.queue.files", { done: totals.finished, total: totals.files })}</span>
        <span>{t("upload.queue.bytes", { loaded: formatBytes(totals.loaded), size: formatBytes(totals.bytes) })}</span>
        {totals.active > 0 && (
          <>
            <span data-testid="upload-total-speed">{t("upload.queue.speed", { speed: formatBytes(totals.speed) })}</span>
            <span>{t("upload.queue.eta", { time: formatDuration(totals.eta) })}</span>
          </>
        )}
      </div>
      <ProgressBar value={totals.loaded} max={totals.bytes} label={t("upload.queue.total")} testId="upload-total-bar" />
      <div className="flex flex-wrap gap-2">
        <button type="button" className={button} disabled={running === totals.paused} onClick={() => actions.pauseAll()}>
          {t("upload.queue.pauseAll")}
        </button>
        <button type="button" className={button} disabled={totals.paused === 0} onClick={() => actions.resumeAll()}>
          {t("upload.queue.resumeAll")}
        </button>
        <button type="button" className={button} disabled={running === 0} onClick={() => actions.cancelAll()}>
          {t("upload.queue.cancelAll")}
        </button>
        <button type="button" className={button} disabled={totals.failed === 0} onClick={() => actions.retryFailed()}>
          {t("upload.queue.retryFailed")}
        </button>
        <button type="button" className={button} disabled={totals.finished === 0} onClick={() => actions.clearFinished()}>
          {t("upload.queue.clearFinished")}
        </button>
      </div>
    </div>
  );
}

"use client";

import { memo } from "react";
import { useT } from "@/components/i18n-provider";
import { ProgressBar } from "./progress-bar";
import { errorText } from "./item-text";
import { FINISHED, type ItemSnapshot } from "../../lib/upload/engine/types";
import { isConflict, type ConflictChoice } from "../../lib/upload/engine/conflict";
import { formatBytes, formatDuration } from "@/lib/i18n/format";

export interface ItemActions {
  pause(id: string): void;
  resume(id: string): void;
  cancel(id: string): void;
  retry(id: string): void;
  resolveConflict(id: string, choice: ConflictChoice): void;
  /** The user may replace this object (the delete right on its key). */
  mayOverwrite(bucket: string, key: string): boolean;
}

const STATUS_TONE: Record<ItemSnapshot["status"], string> = {
  waiting: "bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-300",
  preparing: "bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-300",
  uploading: "bg-sky-100 text-sky-800 dark:bg-sky-900/50 dark:text-sky-200",
  paused: "bg-amber-100 text-amber-800 dark:bg-amber-900/50 dark:text-amber-200",
  verifying: "bg-sky-100 text-sky-800 dark:bg-sky-900/50 dark:text-sky-200",
  done: "bg-emerald-100 text-emerald-800 dark:bg-emerald-900/50 dark:text-emerald-200",
  failed: "bg-red-100 text-red-800 dark:bg-red-900/50 dark:text-red-200",
  canceled: "bg-slate-200 text-slate-600 dark:bg-slate-800 dark:text-slate-400",
  refused: "bg-red-100 text-red-800 dark:bg-red-900/50 dark:text-red-200",
  skipped: "bg-slate-200 text-slate-600 dark:bg-slate-800 dark:text-slate-400",
};

const small = "rounded px-2 py-0.5 text-xs font-medium hover:bg-slate-100 dark:hover:bg-slate-800";

function ResultLine({ item }: { item: ItemSnapshot }) {
  const t = useT();
  const parts: { text: string; bad?: boolean; testId: string }[] = [];
  const r = item.recording;
  if (r?.state === "callback") parts.push({ text: t("upload.result.recorded"), testId: "item-recorded" });
  if (r?.state === "confirmed") parts.push({ text: t("upload.result.confirmed"), testId: "item-recorded" });
  if (r?.state === "failed") parts.push({ text: t("upload.result.notRecorded", { message: r.message }), bad: true, testId: "item-not-recorded" });
  const h = item.hash;
  if (h?.state === "pending") parts.push({ text: t("upload.result.hashPending"), testId: "item-hash" });
  if (h?.state === "match") parts.push({ text: `${t("upload.result.hashMatch")} · ${h.local}`, testId: "item-hash" });
  if (h?.state === "mismatch") parts.push({ text: t("upload.result.hashMismatch", { local: h.local, remote: h.remote }), bad: true, testId: "item-hash" });
  if (h?.state === "error") parts.push({ text: t("upload.result.hashError", { message: h.message }), bad: true, testId: "item-hash" });
  if (item.replaced) parts.push({ text: t("upload.result.overwrote"), testId: "item-replaced" });
  if (item.persistentId) parts.push({ text: t("upload.presets.queued", { id: item.persistentId }), testId: "item-pfop" });
  if (parts.length === 0) return null;
  return (
    <p className="flex flex-wrap gap-x-3 text-xs">
      {parts.map((p) => (
        <span key={p.testId} data-testid={p.testId} className={p.bad ? "font-medium text-red-700 dark:text-red-300" : "text-slate-600 dark:text-slate-400"}>
          {p.text}
        </span>
      ))}
    </p>
  );
}

/** A name conflict (614) is the user's call, per file. */
function ConflictChoices({ item, actions }: { item: ItemSnapshot; actions: ItemActions }) {
  const t = useT();
  const choices: ConflictChoice[] = actions.mayOverwrite(item.target.bucket, item.key!) ? ["overwrite", "rename", "skip"] : ["rename", "skip"];
  return (
    <p className="flex flex-wrap items-center gap-2 text-xs" data-testid="item-conflict">
      <span className="text-slate-600 dark:text-slate-400">{t("upload.conflict.question")}</span>
      {choices.map((c) => (
        <button
          key={c}
          type="button"
          data-testid={`item-conflict-${c}`}
          className={`${small} border border-slate-300 dark:border-slate-700`}
          onClick={() => actions.resolveConflict(item.id, c)}
        >
          {t(`upload.conflict.${c}`)}
        </button>
      ))}
    </p>
  );
}

export const QueueRow = memo(function QueueRow({ item, actions, maxFileBytes }: { item: ItemSnapshot; actions: ItemActions; maxFileBytes: number }) {
  const t = useT();
  const finished = FINISHED.has(item.status);
  const tone =
    item.status === "done"
      ? "ok"
      : item.status === "failed" || item.status === "refused"
        ? "bad"
        : item.status === "canceled" || item.status === "skipped"
          ? "muted"
          : "brand";
  return (
    <div
      data-testid="upload-item"
      data-status={item.status}
      data-key={item.key ?? ""}
      className="grid gap-1.5 border-b border-slate-100 px-3 py-2 dark:border-slate-800"
    >
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <span className="min-w-0 flex-1 truncate font-medium" title={item.relativePath}>
          {item.relativePath}
        </span>
        <span className="text-xs text-slate-500">{formatBytes(item.size)}</span>
        <span className="text-xs text-slate-500">{t(`upload.queue.method.${item.method}`)}</span>
        <span data-testid="item-status" className={`rounded-full px-2 py-0.5 text-xs font-medium ${STATUS_TONE[item.status]}`}>
          {t(`upload.status.${item.status}`)}
        </span>
        {(item.status === "uploading" || item.status === "waiting" || item.status === "preparing") && (
          <button type="button" className={small} onClick={() => actions.pause(item.id)}>
            {t("upload.queue.pause")}
          </button>
        )}
        {item.status === "paused" && (
          <button type="button" className={small} onClick={() => actions.resume(item.id)}>
            {t("upload.queue.resume")}
          </button>
        )}
        {!finished && item.status !== "verifying" && (
          <button type="button" className={small} onClick={() => actions.cancel(item.id)}>
            {t("upload.queue.cancel")}
          </button>
        )}
        {(item.status === "failed" || item.status === "canceled") && (
          <button type="button" className={small} onClick={() => actions.retry(item.id)}>
            {t("upload.queue.retry")}
          </button>
        )}
      </div>
      {item.key && <p className="truncate font-mono text-xs text-slate-500">{t("upload.queue.key", { key: `${item.target.bucket}/${item.key}` })}</p>}
      <ProgressBar value={item.loaded} max={item.size} label={t("upload.queue.progressOf", { name: item.relativePath })} tone={tone} />
      {item.status === "uploading" && (
        <p className="flex gap-3 text-xs text-slate-500">
          <span>{t("upload.queue.bytes", { loaded: formatBytes(item.loaded), size: formatBytes(item.size) })}</span>
          <span>{t("upload.queue.speed", { speed: formatBytes(item.speed) })}</span>
          <span>{t("upload.queue.eta", { time: formatDuration(item.eta) })}</span>
        </p>
      )}
      {item.resumedBytes > 0 && (
        <p data-testid="item-resumed" className="text-xs text-sky-700 dark:text-sky-300">
          {t("upload.resume.resumed", { size: formatBytes(item.resumedBytes) })}
        </p>
      )}
      {item.error && (
        <p data-testid="item-error" className="text-xs font-medium text-red-700 dark:text-red-300">
          {errorText(t, item, maxFileBytes)}
        </p>
      )}
      {item.status === "failed" && isConflict(item.error) && item.key && <ConflictChoices item={item} actions={actions} />}
      {item.overwriteDenied && <p className="text-xs text-amber-700 dark:text-amber-300">{t("upload.target.overwriteNotAllowed")}</p>}
      <ResultLine item={item} />
    </div>
  );
});

"use client";

import { useState, type FormEvent } from "react";
import { useT } from "@/components/i18n-provider";
import { failedKeys, type BulkChange, type BulkItemResult } from "@/lib/buckets/bulk-ops";
import { STORAGE_CLASS_NAMES } from "@/lib/buckets/storage-class";
import { ActionCallError } from "../../ui/action-call";
import { BulkFields, BulkPreview, draftChange, type BulkAction, type BulkDraft } from "./bulk-fields";
import { Modal } from "../../ui/modal";
import { useBulkChange } from "./use-bulk-change";

interface Props {
  bucket: string;
  /** the listed folder: moved and copied objects keep their names below it */
  folder: string;
  keys: string[];
  action: BulkAction;
  buckets: string[];
  /** listed status of each key (1 = disabled): enabling an enabled object is an error at Qiniu, so those are skipped */
  statusOf(key: string): number | undefined;
  onClose(): void;
  /** keys that are no longer here (deleted or moved away) */
  onGone(keys: string[]): void;
}

/** A change to the selected objects: the fields, exactly what will happen, then each object's result (failures retryable). */
export function BulkDialog({ bucket, folder, keys, action, buckets, statusOf, onClose, onGone }: Props) {
  const t = useT();
  const mutation = useBulkChange(bucket, folder);
  const [draft, setDraft] = useState<BulkDraft>({ toBucket: bucket, toPrefix: folder, force: false, type: 1, mime: "" });
  const [problem, setProblem] = useState<string | null>(null);
  const [results, setResults] = useState<Map<string, BulkItemResult> | null>(null);
  const [ran, setRan] = useState<BulkChange | null>(null);

  const wanted = action === "disable" ? 1 : action === "enable" ? 0 : null;
  const todo = wanted === null ? keys : keys.filter((k) => (statusOf(k) === 1 ? 1 : 0) !== wanted);
  const skipped = keys.length - todo.length;
  const parsed = draftChange(action, draft, bucket, folder);
  const change = "problem" in parsed ? null : parsed;

  function run(list: string[], c: BulkChange) {
    setRan(c);
    mutation.mutate(
      { keys: list, change: c },
      {
        onSuccess: (items) => {
          setResults((before) => new Map([...(before ?? []), ...items.map((r) => [r.key, r] as const)]));
          if (c.kind === "delete" || c.kind === "move") onGone(items.filter((r) => r.code === 200).map((r) => r.key));
        },
      },
    );
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    if ("problem" in parsed) return setProblem(t(parsed.problem));
    if (todo.length === 0) return setProblem(t("browser.bulk.nothingToDo"));
    run(todo, parsed);
  }

  const summaryVars = {
    count: todo.length,
    bucket: draft.toBucket,
    prefix: draft.toPrefix || "/",
    class: t(`browser.storageClass.${STORAGE_CLASS_NAMES[draft.type]}`),
    mime: draft.mime.trim(),
  };
  const destructive = action === "delete" || action === "disable" || (action === "move" && draft.force) || (action === "copy" && draft.force);
  const error = mutation.error;
  return (
    <Modal title={t(`browser.bulk.title.${action}`, { count: keys.length })} onClose={onClose} testId="bulk-dialog">
      {results === null ? (
        <form onSubmit={submit} className="space-y-3 text-sm">
          <BulkFields action={action} draft={draft} buckets={[...new Set([bucket, ...buckets])]} onDraft={(c) => setDraft((d) => ({ ...d, ...c }))} />
          <p data-testid="bulk-summary" className="font-medium">
            {t(`browser.bulk.summary.${action}`, summaryVars)}
          </p>
          {skipped > 0 && (
            <p className="text-xs text-slate-500">
              {t(action === "disable" ? "browser.bulk.skippedDisabled" : "browser.bulk.skippedEnabled", { count: skipped })}
            </p>
          )}
          <BulkPreview keys={todo} change={change} bucket={bucket} folder={folder} />
          {problem && (
            <p role="status" className="text-red-600 dark:text-red-400">
              {problem}
            </p>
          )}
          <div className="flex justify-end gap-2">
            <button type="button" onClick={onClose} className="rounded-md border border-slate-300 px-3 py-1.5 dark:border-slate-600">
              {t("common.cancel")}
            </button>
            <button
              type="submit"
              disabled={mutation.isPending}
              data-testid="bulk-submit"
              className={`rounded-md px-3 py-1.5 font-medium text-white disabled:opacity-60 ${destructive ? "bg-red-600 hover:bg-red-700" : "bg-brand-600 hover:bg-brand-700"}`}
            >
              {mutation.isPending ? t("browser.ops.working") : t(`browser.bulk.run.${action}`, { count: todo.length })}
            </button>
          </div>
        </form>
      ) : (
        <BulkResults results={[...results.values()]} pending={mutation.isPending} onRetry={(list) => ran && run(list, ran)} onClose={onClose} />
      )}
      {error && (
        <p role="status" data-testid="bulk-error" className="mt-3 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 dark:bg-red-950/50 dark:text-red-200">
          {t("browser.ops.failed", { message: error.message })}
          {error instanceof ActionCallError && error.reqId && <span className="ml-2 font-mono text-xs">{t("browser.ops.reqId", { reqId: error.reqId })}</span>}
        </p>
      )}
    </Modal>
  );
}

function BulkResults({ results, pending, onRetry, onClose }: { results: BulkItemResult[]; pending: boolean; onRetry(keys: string[]): void; onClose(): void }) {
  const t = useT();
  const failed = failedKeys(results);
  const ordered = [...results].sort((a, b) => Number(a.code === 200) - Number(b.code === 200));
  return (
    <div className="space-y-3 text-sm">
      <p role="status" data-testid="bulk-outcome" className="font-medium">
        {failed.length === 0
          ? t("browser.bulk.allDone", { count: results.length })
          : t("browser.bulk.someFailed", { done: results.length - failed.length, failed: failed.length })}
      </p>
      <ul data-testid="bulk-results" className="max-h-60 overflow-auto rounded border border-slate-200 p-2 font-mono text-xs dark:border-slate-700">
        {ordered.map((r) => (
          <li key={r.key} data-testid="bulk-result" data-key={r.key} data-ok={r.code === 200} className="flex gap-2 break-all">
            <span aria-hidden className={r.code === 200 ? "text-green-700 dark:text-green-400" : "text-red-700 dark:text-red-400"}>
              {r.code === 200 ? "✓" : "✗"}
            </span>
            <span className="min-w-0 flex-1 whitespace-pre-wrap">{r.key}</span>
            {r.code !== 200 && (
              <span className="text-red-700 dark:text-red-400">
                {r.code} {r.error}
              </span>
            )}
          </li>
        ))}
      </ul>
      <div className="flex justify-end gap-2">
        {failed.length > 0 && (
          <button
            type="button"
            data-testid="bulk-retry"
            disabled={pending}
            onClick={() => onRetry(failed)}
            className="rounded-md border border-slate-300 px-3 py-1.5 disabled:opacity-60 dark:border-slate-600"
          >
            {pending ? t("browser.ops.working") : t("browser.bulk.retry", { count: failed.length })}
          </button>
        )}
        <button
          type="button"
          data-testid="bulk-close"
          onClick={onClose}
          className="rounded-md bg-brand-600 px-3 py-1.5 font-medium text-white hover:bg-brand-700"
        >
          {t("common.close")}
        </button>
      </div>
    </div>
  );
}

"use client";

import { useId, useState } from "react";
import { useT } from "@/components/i18n-provider";
import { expectedFailures, jobParams } from "@/lib/batch/describe";
import type { BatchJobView } from "@/lib/batch/view";
import { dangerClass, inputClass } from "@/components/ui/field-styles";

/**
 * A typed confirmation: the user types the number of objects the run will change, having read every parameter of the
 * job and how many items the dry run expects to fail.
 */
export function ConfirmRun({
  job,
  count,
  undoable,
  busy,
  error,
  onConfirm,
  onCancel,
}: {
  /** The job whose parameters are named; absent where the caller names them itself. */
  job?: Pick<BatchJobView, "operation" | "source" | "bucket" | "plan">;
  count: number;
  undoable: boolean;
  busy: boolean;
  error?: string;
  onConfirm: (typed: string) => void;
  onCancel: () => void;
}) {
  const t = useT();
  const id = useId();
  const [typed, setTyped] = useState("");
  const fails = job && expectedFailures(job);
  return (
    <form
      className="space-y-2 rounded-lg border border-red-300 bg-red-50 p-3 dark:border-red-900 dark:bg-red-950/30"
      data-testid="batch-confirm"
      onSubmit={(e) => {
        e.preventDefault();
        onConfirm(typed);
      }}
    >
      <p className="font-medium">{t("batch.confirm.title")}</p>
      {job && (
        <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-sm" data-testid="batch-confirm-params">
          {jobParams(t, job).map((row) => (
            <div key={row.label} className="contents">
              <dt className="text-slate-500">{row.label}</dt>
              <dd className="break-all font-medium">{row.value}</dd>
            </div>
          ))}
        </dl>
      )}
      <p className="text-sm">{t("batch.confirm.body", { count: count, undo: t(undoable ? "batch.confirm.undoable" : "batch.confirm.notUndoable") })}</p>
      {fails && fails.total > 0 && (
        <p className="text-sm text-amber-800 dark:text-amber-300" data-testid="batch-confirm-failures">
          {t("batch.confirm.params.willFail", { ...fails, total: fails.total })}
        </p>
      )}
      <label htmlFor={id} className="block text-sm">
        {t("batch.confirm.label", { count })}
      </label>
      <input
        id={id}
        autoFocus
        inputMode="numeric"
        autoComplete="off"
        className={`${inputClass} max-w-xs`}
        value={typed}
        aria-invalid={Boolean(error)}
        onChange={(e) => setTyped(e.target.value)}
        data-testid="batch-confirm-input"
      />
      {error && <p className="text-sm text-red-600">{error}</p>}
      <div className="flex gap-2">
        <button type="submit" className={dangerClass} disabled={busy || typed.trim() !== String(count)} data-testid="batch-confirm-submit">
          {t("batch.confirm.submit")}
        </button>
        <button type="button" className="text-sm underline" onClick={onCancel}>
          {t("common.cancel")}
        </button>
      </div>
    </form>
  );
}

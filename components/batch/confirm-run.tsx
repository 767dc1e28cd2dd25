"use client";

import { useId, useState } from "react";
import { useT } from "@/components/i18n-provider";
import { dangerClass, inputClass } from "./styles";

/** A typed confirmation: the user types the number of objects the run will change. */
export function ConfirmRun({ count, undoable, busy, error, onConfirm, onCancel }: {
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
      <p className="text-sm">
        {t("batch.confirm.body", { count: count.toLocaleString(), undo: t(undoable ? "batch.confirm.undoable" : "batch.confirm.notUndoable") })}
      </p>
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

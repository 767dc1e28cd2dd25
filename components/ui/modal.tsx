"use client";

import { useEffect, useId, useRef, type ReactNode } from "react";
import { useT } from "@/components/i18n-provider";
import { Button } from "./button";

/** A modal on the native <dialog>: focus stays inside, Escape closes it, the page behind is inert. */
export function Modal({ title, onClose, children, testId }: { title: string; onClose(): void; children: ReactNode; testId?: string }) {
  const t = useT();
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      data-testid={testId}
      onClose={onClose}
      onKeyDown={(e) => e.stopPropagation()}
      className="m-auto max-h-[calc(100dvh-2rem)] w-[min(32rem,calc(100vw-2rem))] overflow-y-auto rounded-lg border border-slate-200 bg-white p-0 text-slate-900 shadow-xl backdrop:bg-black/40 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
    >
      <div className="flex items-center justify-between border-b border-slate-200 px-4 py-3 dark:border-slate-700">
        <h2 id={titleId} className="font-semibold">
          {title}
        </h2>
        <button
          type="button"
          onClick={onClose}
          aria-label={t("common.close")}
          className="rounded px-2 text-slate-600 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800"
        >
          ✕
        </button>
      </div>
      <div className="p-4">{children}</div>
    </dialog>
  );
}

/** "Are you sure?": the console's one confirmation (removing a rule, disabling a user, resetting a password). */
export function ConfirmDialog({
  title,
  body,
  pending = false,
  danger = true,
  onConfirm,
  onClose,
}: {
  title: string;
  body: string;
  pending?: boolean;
  danger?: boolean;
  onConfirm(): void;
  onClose(): void;
}) {
  const t = useT();
  return (
    <Modal title={title} onClose={onClose} testId="confirm-dialog">
      <p className="text-sm">{body}</p>
      <div className="mt-4 flex justify-end gap-2">
        <Button onClick={onClose}>{t("common.cancel")}</Button>
        <Button variant={danger ? "danger" : "primary"} disabled={pending} onClick={onConfirm} data-testid="confirm-yes">
          {t("common.confirm")}
        </Button>
      </div>
    </Modal>
  );
}

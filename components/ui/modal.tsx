"use client";

import { useEffect, useId, useRef, type ReactNode } from "react";
import { useT } from "@/components/i18n-provider";

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
      className="m-auto w-[min(32rem,calc(100vw-2rem))] rounded-lg border border-slate-200 bg-white p-0 text-slate-900 shadow-xl backdrop:bg-black/40 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
    >
      <div className="flex items-center justify-between border-b border-slate-200 px-4 py-3 dark:border-slate-700">
        <h2 id={titleId} className="font-semibold">
          {title}
        </h2>
        <button type="button" onClick={onClose} aria-label={t("common.close")} className="rounded px-2 text-slate-500 hover:bg-slate-100 dark:hover:bg-slate-800">
          ✕
        </button>
      </div>
      <div className="p-4">{children}</div>
    </dialog>
  );
}

"use client";

import clsx from "clsx";
import { useT } from "@/components/i18n-provider";

export interface NoticeValue {
  tone: "ok" | "error";
  text: string;
  reqId?: string;
}

/** The outcome of the last operation, announced to screen readers. */
export function Notice({ notice, onDismiss }: { notice: NoticeValue | null; onDismiss(): void }) {
  const t = useT();
  return (
    <div aria-live="polite" data-testid="browser-notice" data-tone={notice?.tone}>
      {notice && (
        <p
          className={clsx(
            "flex items-start justify-between gap-3 rounded-md px-3 py-2 text-sm",
            notice.tone === "ok"
              ? "bg-emerald-50 text-emerald-800 dark:bg-emerald-950/50 dark:text-emerald-200"
              : "bg-red-50 text-red-800 dark:bg-red-950/50 dark:text-red-200",
          )}
        >
          <span className="whitespace-pre-wrap break-all">
            {notice.text}
            {notice.reqId && <span className="ml-2 font-mono text-xs opacity-75">{t("browser.ops.reqId", { reqId: notice.reqId })}</span>}
          </span>
          <button type="button" onClick={onDismiss} aria-label={t("common.close")} className="opacity-60 hover:opacity-100">
            ✕
          </button>
        </p>
      )}
    </div>
  );
}

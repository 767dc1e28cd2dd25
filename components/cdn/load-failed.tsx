"use client";

import { useT } from "@/components/i18n-provider";

/**
 * What a CDN panel shows when its data did not arrive (Qiniu slow or failing): the translated message and a Retry,
 * never an endless spinner; the rest of the dashboard keeps what it has.
 */
export function LoadFailed({ message, onRetry, testId, retrying = false }: { message: string; onRetry(): void; testId?: string; retrying?: boolean }) {
  const t = useT();
  return (
    <div role="alert" className="flex flex-wrap items-center gap-3 rounded-md bg-red-50 p-4 text-sm text-red-800 dark:bg-red-950/50 dark:text-red-200" data-testid={testId ?? "cdn-load-failed"}>
      <span>{t("cdn.errors.load", { message })}</span>
      <button type="button" disabled={retrying} onClick={onRetry} className="rounded-md border border-red-300 px-2 py-0.5 hover:bg-red-100 disabled:opacity-50 dark:border-red-800 dark:hover:bg-red-900/40" data-testid="cdn-retry">
        {t("cdn.errors.retry")}
      </button>
    </div>
  );
}

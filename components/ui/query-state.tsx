"use client";

import type { UseQueryResult } from "@tanstack/react-query";
import { ResultError } from "@/lib/actions/result";
import { useT } from "@/components/i18n-provider";

// The four states of every panel that reads from Qiniu: loading, error (Qiniu's message and request id, with Retry),
// timeout ("Qiniu did not answer within N s", with Retry) and empty; the data otherwise. One component for all.

type Retryable = Pick<UseQueryResult<unknown>, "refetch" | "isFetching">;

/** A failed read, as a panel shows it: the translated message, the request id, a Retry button. */
export function QueryError({ error, retry, compact }: { error: unknown; retry?: Retryable | (() => void); compact?: boolean }) {
  const t = useT();
  const e = error instanceof ResultError ? error : undefined;
  const timedOut = e?.timedOut ?? false;
  const message = timedOut
    ? t("common.timedOut", { seconds: Math.round((e?.timeoutMs ?? 0) / 100) / 10 })
    : e?.message || (e ? t("codes.qiniu.network") : error instanceof Error ? error.message : String(error));
  const onRetry = typeof retry === "function" ? retry : retry ? () => void retry.refetch() : undefined;
  const busy = typeof retry === "object" && retry.isFetching;
  return (
    <div
      role="alert"
      data-testid={timedOut ? "query-timeout" : "query-error"}
      data-code={e?.code}
      className={`flex flex-wrap items-center gap-x-3 gap-y-1 rounded-md border border-red-200 bg-red-50 text-sm text-red-800 dark:border-red-900 dark:bg-red-950/40 dark:text-red-200 ${compact ? "px-2 py-1" : "px-3 py-2"}`}
    >
      <span className="min-w-0 break-words">{message}</span>
      {e?.reqId && <span className="font-mono text-xs opacity-75">{t("common.requestId", { reqId: e.reqId })}</span>}
      {onRetry && (
        <button
          type="button"
          data-testid="query-retry"
          onClick={onRetry}
          disabled={busy}
          className="rounded border border-red-300 px-2 py-0.5 text-xs font-medium hover:bg-red-100 disabled:opacity-50 dark:border-red-800 dark:hover:bg-red-900/40"
        >
          {t("common.retry")}
        </button>
      )}
    </div>
  );
}

export function QueryLoading({ label }: { label?: string }) {
  const t = useT();
  return (
    <p data-testid="query-loading" aria-busy="true" className="py-2 text-sm text-slate-500">
      {label ?? t("common.loading")}
    </p>
  );
}

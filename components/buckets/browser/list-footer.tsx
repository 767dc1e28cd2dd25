"use client";

import { useT } from "@/components/i18n-provider";
import { QueryError } from "../../ui/query-state";

interface Props {
  /** rows seen so far (all pages, loaded or dropped) */
  seen: number;
  complete: boolean;
  sorted: boolean;
  loadedRows: number;
  fetching: boolean;
  error: Error | null;
  canLoadMore: boolean;
  onLoadMore(): void;
  onRetry(): void;
}

export function ListFooter({ seen, complete, sorted, loadedRows, fetching, error, canLoadMore, onLoadMore, onRetry }: Props) {
  const t = useT();
  return (
    <div className="flex min-h-9 flex-wrap items-center gap-3 border-t border-slate-200 px-3 py-1.5 text-xs text-slate-500 dark:border-slate-700">
      <span data-testid="list-count" data-count={seen} data-complete={complete}>
        {complete ? t("browser.page.loadedAll", { count: seen }) : t("browser.page.loadedCount", { count: seen })}
      </span>
      {sorted && (
        <span data-testid="sorted-loaded" className="rounded bg-amber-50 px-1.5 py-0.5 text-amber-800 dark:bg-amber-950/40 dark:text-amber-200">
          {t("browser.page.sortedLoaded", { count: loadedRows })}
        </span>
      )}
      {fetching && <span aria-live="polite">{t("browser.page.loadingMore")}</span>}
      {error && <QueryError error={error} retry={onRetry} compact />}
      {canLoadMore && !fetching && (
        <button
          type="button"
          className="ml-auto rounded border border-slate-300 px-2 py-0.5 hover:bg-slate-100 dark:border-slate-600 dark:hover:bg-slate-800"
          onClick={onLoadMore}
        >
          {t("browser.page.loadMore")}
        </button>
      )}
    </div>
  );
}

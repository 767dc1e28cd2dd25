"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import clsx from "clsx";
import { useState } from "react";
import { useT } from "@/components/i18n-provider";
import { QueryError, QueryLoading } from "../ui/query-state";
import { cdnReads } from "./reads";
import { usePolling } from "../ui/use-polling";
import type { CdnTaskPage } from "@/server/cdn/reads";
import { LocalTime, ZoneLabel } from "@/components/ui/local-time";
import { beijingToDate } from "@/lib/qiniu/beijing-time";

const PAGE_SIZE = 20;
const STATE_STYLE: Record<string, string> = {
  processing: "bg-amber-100 text-amber-800 dark:bg-amber-900/50 dark:text-amber-200",
  success: "bg-emerald-100 text-emerald-800 dark:bg-emerald-900/50 dark:text-emerald-200",
  failure: "bg-red-100 text-red-800 dark:bg-red-900/50 dark:text-red-200",
};

/** Refresh and prefetch requests from the list APIs, newest first; polls while any task is processing. */
export function TaskHistory() {
  const t = useT();
  const [kind, setKind] = useState<"refresh" | "prefetch">("refresh");
  const [pageNo, setPageNo] = useState(0);
  const r = useQuery({
    queryKey: ["cdn", "tasks", kind, pageNo],
    queryFn: ({ signal }) => cdnReads.tasks({ kind, pageNo, pageSize: PAGE_SIZE }, signal),
    placeholderData: keepPreviousData,
    ...usePolling<CdnTaskPage>({ minMs: 2000, while: (d) => Boolean(d?.items.some((i) => i.state === "processing")) }),
  });
  const pages = r.data ? Math.max(1, Math.ceil(r.data.total / PAGE_SIZE)) : 1;
  const stateLabel = (s: string) => (s === "processing" || s === "success" || s === "failure" ? t(`cdn.refresh.states.${s}`) : s);

  return (
    <div className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900" data-testid="cdn-history">
      <div className="mb-2 flex flex-wrap items-center gap-2">
        <h2 className="mr-2 font-medium">{t("cdn.refresh.history")}</h2>
        <div role="group" className="flex overflow-hidden rounded-md border border-slate-300 dark:border-slate-700">
          {(["refresh", "prefetch"] as const).map((k) => (
            <button
              key={k}
              type="button"
              aria-pressed={kind === k}
              onClick={() => {
                setKind(k);
                setPageNo(0);
              }}
              className={clsx(
                "px-3 py-1 text-sm",
                kind === k ? "bg-slate-800 text-white dark:bg-slate-200 dark:text-slate-900" : "hover:bg-slate-100 dark:hover:bg-slate-800",
              )}
            >
              {t(k === "refresh" ? "cdn.refresh.kindRefresh" : "cdn.refresh.kindPrefetch")}
            </button>
          ))}
        </div>
        <button
          type="button"
          onClick={() => void r.refetch()}
          className="rounded-md border border-slate-300 px-2 py-1 text-sm hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
        >
          {t("cdn.refresh.reload")}
        </button>
      </div>
      {r.isPending && <QueryLoading />}
      {r.isError && <QueryError error={r.error} retry={r} />}
      {r.data && r.data.items.length === 0 && <p className="text-sm text-slate-500">{t("cdn.refresh.historyEmpty")}</p>}
      {r.data && r.data.items.length > 0 && (
        <>
          <table className="w-full text-sm">
            <thead>
              <tr className="text-left text-slate-500">
                <th className="py-1 font-normal">{t("cdn.refresh.url")}</th>
                <th className="py-1 font-normal">{t("cdn.refresh.state")}</th>
                <th className="py-1 font-normal">
                  {t("cdn.refresh.createdAt")} (<ZoneLabel />)
                </th>
                <th className="py-1 font-normal">{t("cdn.refresh.requestId")}</th>
              </tr>
            </thead>
            <tbody>
              {r.data.items.map((item, i) => (
                <tr
                  key={item.taskId ?? `${item.url}-${i}`}
                  className="border-t border-slate-100 dark:border-slate-800"
                  data-testid="cdn-task-row"
                  data-state={item.state}
                >
                  <td className="max-w-0 truncate py-1 font-mono text-xs" title={item.url}>
                    {item.url}
                    {item.isDir === "yes" && <span className="ml-2 rounded bg-slate-100 px-1 text-[10px] dark:bg-slate-800">{t("cdn.refresh.dir")}</span>}
                  </td>
                  <td className="py-1">
                    <span className={clsx("rounded px-1.5 py-0.5 text-xs", STATE_STYLE[item.state] ?? "bg-slate-100")}>{stateLabel(item.state)}</span>
                    {item.state === "failure" && (
                      <span className="mt-0.5 block text-xs text-red-700 dark:text-red-300" data-testid="cdn-task-reason">
                        {item.stateDetail ? t("cdn.refresh.reason", { reason: item.stateDetail }) : t("cdn.refresh.noReason")}
                      </span>
                    )}
                  </td>
                  <td className="py-1 tabular-nums">{item.createAt ? <BeijingTime point={item.createAt} /> : ""}</td>
                  <td className="py-1">
                    {item.requestId && (
                      <button
                        type="button"
                        className="font-mono text-xs text-slate-500 hover:underline"
                        title={t("cdn.refresh.copyRequestId")}
                        data-testid="cdn-task-request-id"
                        onClick={() => void navigator.clipboard?.writeText(item.requestId!)}
                      >
                        {item.requestId}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="mt-2 flex items-center gap-2 text-sm">
            <button
              type="button"
              disabled={pageNo === 0}
              onClick={() => setPageNo((p) => p - 1)}
              className="rounded border border-slate-300 px-2 py-0.5 disabled:opacity-40 dark:border-slate-700"
            >
              {t("cdn.refresh.prev")}
            </button>
            <span className="text-slate-500" data-testid="cdn-task-total">
              {t("cdn.refresh.page", { page: pageNo + 1, total: r.data.total })}
              {r.data.truncated && ` · ${t("cdn.refresh.truncated")}`}
            </span>
            <button
              type="button"
              disabled={pageNo + 1 >= pages}
              onClick={() => setPageNo((p) => p + 1)}
              className="rounded border border-slate-300 px-2 py-0.5 disabled:opacity-40 dark:border-slate-700"
            >
              {t("cdn.refresh.next")}
            </button>
          </div>
        </>
      )}
    </div>
  );
}

/** Fusion reports task times in Beijing time: shown in the display time zone (verbatim if unreadable). */
function BeijingTime({ point }: { point: string }) {
  const at = beijingToDate(point);
  return at ? <LocalTime date={at} /> : <span>{point}</span>;
}

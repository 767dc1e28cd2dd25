"use client";

import { useQueries, useQuery } from "@tanstack/react-query";
import { useVirtualizer } from "@tanstack/react-virtual";
import { useRef, useState } from "react";
import { useT } from "@/components/i18n-provider";
import type { BatchItemView, BatchJobView, ItemFilterName } from "@/lib/batch/view";
import { fetchItems } from "./batch-api";
import { itemsKey } from "./use-batch-job";
import { ItemRow } from "./item-row";

const PAGE = 200;
const ROW_HEIGHT = 34;
const FILTERS: ItemFilterName[] = ["all", "failed", "done", "pending", "skipped", "attention"];

/** Every item of a job, virtualized: only the visible rows are rendered and only their pages are fetched. */
export function ItemTable({ job }: { job: BatchJobView }) {
  const t = useT();
  const [filter, setFilter] = useState<ItemFilterName>(job.counts.failed > 0 ? "failed" : "all");
  const scrollRef = useRef<HTMLDivElement>(null);
  const key = [...itemsKey(job.id), filter] as const;
  const first = useQuery({ queryKey: [...key, 0], queryFn: ({ signal }) => fetchItems(job.id, filter, 0, PAGE, signal) });
  const total = first.data?.total ?? 0;
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is used as documented
  const virtualizer = useVirtualizer({ count: total, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 20 });
  const rows = virtualizer.getVirtualItems();
  const pages = [...new Set(rows.map((r) => Math.floor(r.index / PAGE)))].filter((p) => p > 0);
  const more = useQueries({
    queries: pages.map((page) => ({ queryKey: [...key, page], queryFn: ({ signal }) => fetchItems(job.id, filter, page * PAGE, PAGE, signal) })),
  });
  const byPage = new Map<number, BatchItemView[]>([[0, first.data?.items ?? []]]);
  pages.forEach((page, i) => byPage.set(page, more[i].data?.items ?? []));

  return (
    <section className="space-y-2" aria-labelledby="batch-items-title">
      <div className="flex flex-wrap items-center gap-2">
        <h2 id="batch-items-title" className="text-base font-semibold">
          {t("batch.items.title")}
        </h2>
        <div role="radiogroup" aria-label={t("batch.items.filter")} className="flex flex-wrap gap-1">
          {FILTERS.map((f) => (
            <button
              key={f}
              type="button"
              role="radio"
              aria-checked={filter === f}
              data-testid={`batch-filter-${f}`}
              onClick={() => setFilter(f)}
              className={`rounded-full border px-2.5 py-0.5 text-xs ${filter === f ? "border-brand-600 bg-brand-50 text-brand-700 dark:bg-brand-700/20" : "border-slate-300 dark:border-slate-700"}`}
            >
              {t(`batch.items.${f}`)}
            </button>
          ))}
        </div>
        <span className="text-xs text-slate-500" data-testid="batch-items-total">
          {total}
        </span>
      </div>
      <div
        role="table"
        aria-rowcount={total}
        aria-label={t("batch.items.title")}
        className="overflow-x-auto rounded-lg border border-slate-200 text-sm dark:border-slate-800"
        data-testid="batch-items"
      >
        {/* The columns keep their widths on a phone; the table scrolls sideways inside its box. */}
        <div className="min-w-[52rem]">
          <div
            role="row"
            className="grid grid-cols-[3rem_minmax(10rem,2fr)_minmax(10rem,2fr)_7rem_7rem_5rem_minmax(8rem,1fr)] gap-2 border-b border-slate-200 bg-slate-50 px-2 py-1.5 text-xs font-medium text-slate-700 dark:border-slate-800 dark:bg-slate-800 dark:text-slate-200"
          >
            {(["seq", "source", "target", "check", "status", "code", "message"] as const).map((c) => (
              <span role="columnheader" key={c}>
                {t(`batch.items.${c}`)}
              </span>
            ))}
          </div>
          <div ref={scrollRef} className="max-h-[28rem] overflow-auto" tabIndex={0}>
            {first.isPending ? (
              <p className="p-3 text-slate-500">{t("batch.items.loadingRows")}</p>
            ) : first.isError ? (
              <p className="p-3 text-red-600">{t("batch.errors.load", { message: first.error.message })}</p>
            ) : total === 0 ? (
              <p className="p-3 text-slate-500" data-testid="batch-items-empty">
                {t("batch.items.empty")}
              </p>
            ) : (
              <div style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
                {rows.map((row) => {
                  const item = byPage.get(Math.floor(row.index / PAGE))?.[row.index % PAGE];
                  return (
                    <div key={row.key} style={{ position: "absolute", top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${row.start}px)` }}>
                      <ItemRow item={item} />
                    </div>
                  );
                })}
              </div>
            )}
          </div>
        </div>
      </div>
    </section>
  );
}

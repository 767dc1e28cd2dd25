"use client";

import { useCallback, useMemo } from "react";
import { useT } from "@/components/i18n-provider";
import type { SortOrder, ViewMode } from "@/lib/buckets/browser-url";
import type { BrowserRow } from "@/lib/buckets/listing";
import { rowsModel } from "@/lib/buckets/rows-model";
import type { BucketContext } from "@/server/actions/buckets";
import { DetailsPanel } from "./details-panel";
import { ListFooter } from "./list-footer";
import { QueryError } from "../../ui/query-state";
import { ObjectGrid } from "./object-grid";
import { ObjectList } from "./object-list";
import type { OperationDone } from "./object-operations";
import type { NoticeValue } from "../../ui/notice";
import { SelectionBar } from "./selection-bar";
import { ThumbnailSwitch, useThumbnailChoice } from "./thumbnail-switch";
import type { LinkSettings } from "./use-object-link";
import { useListing, type InitialListing } from "./use-listing";
import { useRowDialogs } from "./use-row-dialogs";
import { useRowSelection } from "./use-row-selection";

interface Props {
  context: BucketContext;
  prefix: string;
  q: string;
  view: ViewMode;
  sort: SortOrder | null;
  openKey: string | null;
  initial?: InitialListing;
  link: LinkSettings;
  onOpenFolder(prefix: string): void;
  onOpenObject(key: string | null): void;
  onUp(): void;
  onDone(done: OperationDone): void;
  onNotice(notice: NoticeValue): void;
}

/** One listing (remounted per folder and search): list or grid, selection, footer and the details panel. */
export function BrowserBody(p: Props) {
  const t = useT();
  const listPrefix = p.prefix + p.q;
  const listing = useListing(p.context.name, listPrefix, p.initial);
  const thumbnails = useThumbnailChoice(p.context.name, p.context.thumbnails);
  const { query, layout } = listing;
  const model = useMemo(() => rowsModel(layout, p.sort), [layout, p.sort]);
  const { onOpenFolder, onOpenObject } = p;
  const open = useCallback((row: BrowserRow) => (row.kind === "folder" ? onOpenFolder(row.key) : onOpenObject(row.key)), [onOpenFolder, onOpenObject]);
  // The keyboard's Delete/F2/menu reach the dialogs through `rows`, read when a key is pressed (after this render).
  const sel = useRowSelection(model, {
    open,
    up: p.onUp,
    close: () => onOpenObject(null),
    remove: (keys, focused) => rows.keyboard.remove(keys, focused),
    rename: (row) => rows.keyboard.rename(row),
    menu: (position) => rows.keyboard.menu(position),
  });
  const rows = useRowDialogs({ context: p.context, folder: p.prefix, model, open, onDone: p.onDone, onNotice: p.onNotice, forget: sel.forget });

  const { hasNextPage, isFetchNextPageError, isFetchPreviousPageError, fetchNextPage, fetchPreviousPage } = query;
  const sorted = model.sorted;
  const { need } = listing;
  // Sorted views show only what is loaded: more pages come from the footer button, not from scrolling.
  const onNeed = useCallback((where: "before" | "after", position: number) => void need(where, position, !sorted), [need, sorted]);

  const selectedKeys = sel.selection.keys;
  const selectedBytes = useMemo(
    () => model.rows.reduce((n, r) => (r.kind === "object" && selectedKeys.has(r.key) ? n + r.fsize : n), 0),
    [model.rows, selectedKeys],
  );

  // No page loaded yet (still loading, or the first page failed): nothing is known, not "-1 loaded".
  const seen = query.data ? Math.max(0, layout.total - (layout.open ? 1 : 0)) : 0;
  const empty = !query.isPending && !query.isError && seen === 0 && !layout.open;
  const viewProps = {
    model,
    bucket: p.context.name,
    prefix: p.prefix,
    link: p.link,
    actions: rows.actions,
    active: sel.active,
    selection: sel.selection,
    openKey: p.openKey,
    onClick: sel.onClick,
    onOpen: open,
    onToggle: sel.onToggle,
    onCommand: sel.onCommand,
    onNeed,
  };
  return (
    <>
      <SelectionBar
        bucket={p.context.name}
        listPrefix={listPrefix}
        folder={p.prefix}
        selection={sel.selection}
        selectedBytes={selectedBytes}
        loadedObjects={model.objectKeys.length}
        canBatch={p.context.can.batch}
        can={p.context.can}
        onBulk={(action) => rows.openBulk(action, [...sel.selection.keys])}
        onSelectAll={sel.selectAll}
        onSelectMatching={sel.selectMatching}
        onClear={sel.clear}
      />
      <div className="flex min-h-0 flex-1 gap-3">
        <div className="flex min-w-0 flex-1 flex-col overflow-hidden rounded-lg border border-slate-200 bg-white dark:border-slate-700 dark:bg-slate-950">
          {query.isPending ? (
            <p role="status" className="p-4 text-sm text-slate-500" data-testid="list-loading">
              {t("common.loading")}
            </p>
          ) : query.isError && !query.data ? (
            <div className="p-4" data-testid="list-error">
              <QueryError error={query.error} retry={query} />
            </div>
          ) : empty ? (
            <p className="p-8 text-center text-sm text-slate-500" data-testid="list-empty">
              {p.q ? t("browser.page.emptySearch", { q: p.q }) : t("browser.page.emptyFolder")}
            </p>
          ) : p.view === "grid" ? (
            <>
              <ThumbnailSwitch choice={thumbnails} />
              <ObjectGrid {...viewProps} thumbnails={thumbnails.on} />
            </>
          ) : (
            <ObjectList {...viewProps} />
          )}
          {query.data && (
            <ListFooter
              seen={seen}
              complete={!layout.open}
              sorted={sorted}
              loadedRows={model.rows.length}
              fetching={query.isFetchingNextPage || query.isFetchingPreviousPage}
              error={query.data && query.isError ? query.error : null}
              canLoadMore={sorted && hasNextPage}
              onLoadMore={() => void fetchNextPage()}
              onRetry={() => void (isFetchNextPageError ? fetchNextPage() : isFetchPreviousPageError ? fetchPreviousPage() : query.refetch())}
            />
          )}
        </div>
        {p.openKey !== null && (
          <DetailsPanel
            key={p.openKey}
            context={p.context}
            objectKey={p.openKey}
            link={p.link}
            onClose={() => onOpenObject(null)}
            onDone={(done) => {
              if (done.op.kind === "delete" || done.op.kind === "rename") sel.forget([done.object.key]);
              p.onDone(done);
            }}
          />
        )}
      </div>
      {rows.dialogs}
    </>
  );
}

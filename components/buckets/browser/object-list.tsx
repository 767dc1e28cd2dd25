"use client";

import { useVirtualizer } from "@tanstack/react-virtual";
import clsx from "clsx";
import { useEffect, useRef, type KeyboardEvent } from "react";
import { useT } from "@/components/i18n-provider";
import { listKeyCommand, type ListCommand } from "@/lib/buckets/list-keys";
import type { RowsModel } from "@/lib/buckets/rows-model";
import type { Selection } from "@/lib/buckets/selection";
import { LIST_COLUMNS, MEDIUM_UP, ObjectRowView, PlaceholderRow, ROW_HEIGHT, WIDE_ONLY, type RowHandlers } from "./object-row";
import type { RowActions } from "./row-actions";
import type { LinkSettings } from "./use-object-link";

const HEADER_HEIGHT = 32;

export interface ListViewProps extends RowHandlers {
  model: RowsModel;
  bucket: string;
  prefix: string;
  link: LinkSettings;
  actions: RowActions;
  active: number;
  selection: Selection;
  openKey: string | null;
  onCommand(cmd: ListCommand): void;
  /** rows just scrolled into view are not in memory: load the pages before or after the window */
  onNeed(where: "before" | "after", position: number): void;
}

export const rowId = (position: number) => `browser-row-${position}`;

/** The virtualized list: only the rows on screen exist in the DOM, whatever the folder's size. */
export function ObjectList(props: ListViewProps) {
  const { model, active, selection, onNeed } = props;
  const t = useT();
  const scrollRef = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer's functions are read during render on purpose
  const v = useVirtualizer({
    count: model.total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    paddingStart: HEADER_HEIGHT,
    scrollPaddingStart: HEADER_HEIGHT,
    initialRect: { width: 1024, height: 720 },
  });
  const items = v.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items.at(-1)?.index ?? -1;

  useEffect(() => {
    if (last < 0) return;
    if (model.slot(first).type === "before") onNeed("before", first);
    else if (model.slot(last).type === "after") onNeed("after", last);
  }, [first, last, model, onNeed]);

  useEffect(() => {
    // After a folder change the old list is gone and focus fell back to the page: keep keyboard users in the list.
    if (!document.activeElement || document.activeElement === document.body) scrollRef.current?.focus({ preventScroll: true });
  }, []);

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    const pageRows = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 400) / ROW_HEIGHT) - 2);
    const cmd = listKeyCommand(e, active, model.total, 1, pageRows);
    if (!cmd) return;
    e.preventDefault();
    if (cmd.type === "move") v.scrollToIndex(cmd.to, { align: "auto" });
    props.onCommand(cmd);
  }

  return (
    <div
      ref={scrollRef}
      role="grid"
      aria-label={t("browser.page.listLabel")}
      aria-rowcount={model.total}
      aria-multiselectable
      aria-activedescendant={active >= 0 && active >= first && active <= last ? rowId(active) : undefined}
      tabIndex={0}
      onKeyDown={onKeyDown}
      data-testid="object-list"
      className="@container min-h-0 flex-1 overflow-auto focus-visible:outline-2"
    >
      <div style={{ height: v.getTotalSize(), position: "relative" }}>
        <div
          role="row"
          className={clsx(
            LIST_COLUMNS,
            "sticky top-0 z-10 h-8 border-b border-slate-200 bg-slate-50 text-xs font-medium text-slate-500 dark:border-slate-700 dark:bg-slate-900",
          )}
        >
          <span role="columnheader" />
          <span role="columnheader">{t("browser.columns.name")}</span>
          <span role="columnheader" className="text-right">
            {t("browser.columns.size")}
          </span>
          <span role="columnheader" className={WIDE_ONLY}>
            {t("browser.columns.type")}
          </span>
          <span role="columnheader" className={WIDE_ONLY}>
            {t("browser.columns.storageClass")}
          </span>
          <span role="columnheader" className={MEDIUM_UP}>
            {t("browser.columns.modified")}
          </span>
          <span role="columnheader" className="sr-only">
            {t("browser.columns.actions")}
          </span>
        </div>
        {items.map((item) => {
          const slot = model.slot(item.index);
          return (
            <div key={item.key} style={{ position: "absolute", top: 0, left: 0, width: "100%", height: item.size, transform: `translateY(${item.start}px)` }}>
              {slot.type === "row" ? (
                <ObjectRowView
                  id={rowId(item.index)}
                  position={item.index}
                  row={slot.row}
                  prefix={props.prefix}
                  bucket={props.bucket}
                  link={props.link}
                  actions={props.actions}
                  active={item.index === active}
                  selected={slot.row.kind === "object" && (selection.allMatching || selection.keys.has(slot.row.key))}
                  open={slot.row.key === props.openKey}
                  onClick={props.onClick}
                  onOpen={props.onOpen}
                  onToggle={props.onToggle}
                />
              ) : (
                <PlaceholderRow />
              )}
            </div>
          );
        })}
      </div>
    </div>
  );
}

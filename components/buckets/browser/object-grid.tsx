"use client";

import { useVirtualizer } from "@tanstack/react-virtual";
import { useEffect, useRef, useState, type KeyboardEvent } from "react";
import { useT } from "@/components/i18n-provider";
import { canThumbnail } from "@/lib/buckets/file-kind";
import { listKeyCommand } from "@/lib/buckets/list-keys";
import { CARD_HEIGHT, CARD_WIDTH, ObjectCard } from "./object-card";
import { rowId, type ListViewProps } from "./object-list";
import { useThumbnails } from "./use-thumbnails";

function GridRow(props: ListViewProps & { positions: number[]; thumbnails: boolean }) {
  const { model, positions, selection } = props;
  const slots = positions.map((p) => ({ p, slot: model.slot(p) }));
  const imageKeys = slots.flatMap(({ slot }) =>
    slot.type === "row" && slot.row.kind === "object" && canThumbnail(slot.row.key, slot.row.mimeType) ? [slot.row.key] : [],
  );
  const thumbs = useThumbnails(props.bucket, imageKeys, props.link, props.thumbnails);
  return (
    <div role="row" className="flex gap-2 px-2">
      {slots.map(({ p, slot }) =>
        slot.type === "row" ? (
          <ObjectCard
            key={p}
            id={rowId(p)}
            position={p}
            row={slot.row}
            prefix={props.prefix}
            bucket={props.bucket}
            link={props.link}
            actions={props.actions}
            thumbnail={thumbs[slot.row.key]}
            active={p === props.active}
            selected={slot.row.kind === "object" && (selection.allMatching || selection.keys.has(slot.row.key))}
            onClick={props.onClick}
            onOpen={props.onOpen}
          />
        ) : (
          <div key={p} role="gridcell" aria-busy="true" className="h-[176px] w-[160px] animate-pulse rounded-lg bg-slate-100 dark:bg-slate-800" />
        ),
      )}
    </div>
  );
}

function useColumns(ref: React.RefObject<HTMLDivElement | null>): number {
  const [columns, setColumns] = useState(5);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const observer = new ResizeObserver(([entry]) => setColumns(Math.max(1, Math.floor((entry.contentRect.width - 16) / CARD_WIDTH))));
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref]);
  return columns;
}

/** The grid view: virtualized by rows of cards, thumbnails only for the rows on screen. */
export function ObjectGrid(props: ListViewProps & { thumbnails: boolean }) {
  const { model, active, onNeed } = props;
  const t = useT();
  const scrollRef = useRef<HTMLDivElement>(null);
  const columns = useColumns(scrollRef);
  const rowCount = Math.ceil(model.total / columns);
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer's functions are read during render on purpose
  const v = useVirtualizer({ count: rowCount, getScrollElement: () => scrollRef.current, estimateSize: () => CARD_HEIGHT, overscan: 2, paddingStart: 8 });
  const items = v.getVirtualItems();
  const firstPos = (items[0]?.index ?? 0) * columns;
  const lastPos = Math.min(model.total - 1, ((items.at(-1)?.index ?? -1) + 1) * columns - 1);

  useEffect(() => {
    if (lastPos < 0) return;
    if (model.slot(firstPos).type === "before") onNeed("before", firstPos);
    else if (model.slot(lastPos).type === "after") onNeed("after", lastPos);
  }, [firstPos, lastPos, model, onNeed]);

  useEffect(() => {
    // After a folder change the old list is gone and focus fell back to the page: keep keyboard users in the list.
    if (!document.activeElement || document.activeElement === document.body) scrollRef.current?.focus({ preventScroll: true });
  }, []);

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    const pageRows = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 400) / CARD_HEIGHT));
    const cmd = listKeyCommand(e, active, model.total, columns, pageRows);
    if (!cmd) return;
    e.preventDefault();
    if (cmd.type === "move") v.scrollToIndex(Math.floor(cmd.to / columns), { align: "auto" });
    props.onCommand(cmd);
  }

  return (
    <div
      ref={scrollRef}
      role="grid"
      aria-label={t("browser.page.listLabel")}
      aria-multiselectable
      aria-activedescendant={active >= firstPos && active <= lastPos ? rowId(active) : undefined}
      tabIndex={0}
      onKeyDown={onKeyDown}
      data-testid="object-grid"
      className="min-h-0 flex-1 overflow-auto"
    >
      <div style={{ height: v.getTotalSize(), position: "relative" }}>
        {items.map((item) => (
          <div key={item.key} style={{ position: "absolute", top: 0, left: 0, width: "100%", transform: `translateY(${item.start}px)` }}>
            <GridRow {...props} positions={Array.from({ length: Math.min(columns, model.total - item.index * columns) }, (_, i) => item.index * columns + i)} />
          </div>
        ))}
      </div>
    </div>
  );
}

"use client";

import { useRef } from "react";
import { useVirtualizer } from "@tanstack/react-virtual";
import { useT } from "@/components/i18n-provider";
import { QueueRow, type ItemActions } from "./queue-row";
import type { ItemSnapshot } from "../../lib/upload/engine/types";

/** The queue, virtualised: thousands of files render only the rows in view. */
export function QueueList({ items, actions, maxFileBytes }: { items: readonly ItemSnapshot[]; actions: ItemActions; maxFileBytes: number }) {
  const t = useT();
  const scroller = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer's functions are read during render on purpose
  const virtualizer = useVirtualizer({ count: items.length, getScrollElement: () => scroller.current, estimateSize: () => 88, overscan: 8 });
  if (items.length === 0) {
    return (
      <p data-testid="upload-empty" className="rounded-lg border border-dashed border-slate-300 p-6 text-center text-sm text-slate-500 dark:border-slate-700">
        {t("upload.queue.empty")}
      </p>
    );
  }
  return (
    <div
      ref={scroller}
      data-testid="upload-queue"
      className="max-h-[32rem] overflow-auto rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900"
    >
      <div style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
        {virtualizer.getVirtualItems().map((row) => (
          <div
            key={items[row.index].id}
            data-index={row.index}
            ref={virtualizer.measureElement}
            style={{ position: "absolute", top: 0, left: 0, width: "100%", transform: `translateY(${row.start}px)` }}
          >
            <QueueRow item={items[row.index]} actions={actions} maxFileBytes={maxFileBytes} />
          </div>
        ))}
      </div>
    </div>
  );
}

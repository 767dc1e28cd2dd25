"use client";

import { useRouter } from "next/navigation";
import { useT } from "@/components/i18n-provider";
import { BATCH_SELECTION_HREF, batchPrefixHref, writeBatchSelection } from "@/lib/buckets/browser-url";
import { BULK_LIMIT } from "@/lib/buckets/bulk-ops";
import { MAX_ZIP_KEYS } from "@/lib/buckets/downloads";
import type { Selection } from "@/lib/buckets/selection";
import type { BulkAction } from "./bulk-fields";
import { ZipDownload } from "./zip-download";

interface Props {
  bucket: string;
  /** the listed prefix (folder + search): "all matching" means every key starting with it */
  listPrefix: string;
  /** the open folder: zip entries of a selection are named relative to it */
  folder: string;
  selection: Selection;
  /** total size of the selected objects that are loaded (for the large-download confirmation) */
  selectedBytes: number;
  loadedObjects: number;
  canBatch: boolean;
  /** what the role allows on the selected objects (the server checks each one's scope) */
  can: { write: boolean; delete: boolean };
  onBulk(action: BulkAction): void;
  onSelectAll(): void;
  onSelectMatching(): void;
  onClear(): void;
}

const button = "rounded-md border border-slate-300 px-2 py-1 text-xs hover:bg-slate-100 dark:border-slate-600 dark:hover:bg-slate-800";

/** Selection summary and the hand-over to batch operations (team brief: sessionStorage + /batch?selection=1, or a prefix). */
export function SelectionBar({
  bucket,
  listPrefix,
  folder,
  selection,
  selectedBytes,
  loadedObjects,
  canBatch,
  can,
  onBulk,
  onSelectAll,
  onSelectMatching,
  onClear,
}: Props) {
  const t = useT();
  const router = useRouter();
  const count = selection.keys.size;
  const any = count > 0 || selection.allMatching;
  const bulk = count > 0 && count <= BULK_LIMIT && !selection.allMatching;
  const actions: BulkAction[] = [
    ...(can.delete ? (["delete"] as const) : []),
    ...(can.write ? (["move", "copy", "chtype", "chgm", "disable", "enable"] as const) : []),
  ].filter((a) => a !== "move" || can.delete);

  function toBatch() {
    if (selection.allMatching) {
      router.push(batchPrefixHref(bucket, listPrefix));
      return;
    }
    writeBatchSelection(window.sessionStorage, bucket, [...selection.keys]);
    router.push(BATCH_SELECTION_HREF);
  }

  return (
    <div className="flex min-h-8 flex-wrap items-center gap-2 text-sm" data-testid="selection-bar">
      <span aria-live="polite" data-testid="selection-count" className="text-slate-600 dark:text-slate-300">
        {selection.allMatching
          ? listPrefix
            ? t("browser.selection.allMatching", { prefix: listPrefix })
            : t("browser.selection.allMatchingRoot")
          : count > 0
            ? t("browser.selection.count", { count })
            : null}
      </span>
      <button type="button" className={button} onClick={onSelectAll} disabled={loadedObjects === 0} aria-label={t("browser.selection.selectAllLabel")}>
        {t("browser.selection.selectAllLoaded")}
      </button>
      <button type="button" className={button} onClick={onSelectMatching} data-testid="select-matching">
        {t("browser.selection.selectAllMatching")}
      </button>
      {any && (
        <button type="button" className={button} onClick={onClear}>
          {t("browser.selection.clear")}
        </button>
      )}
      {bulk &&
        actions.map((a) => (
          <button
            key={a}
            type="button"
            data-testid={`bulk-${a}`}
            className={a === "delete" ? `${button} text-red-700 dark:text-red-400` : button}
            onClick={() => onBulk(a)}
          >
            {t(`browser.bulk.action.${a}`)}
          </button>
        ))}
      {any && !bulk && (can.write || can.delete) && (
        <span data-testid="bulk-limit" className="text-xs text-slate-500">
          {t("browser.bulk.tooMany", { limit: BULK_LIMIT })}
        </span>
      )}
      {count > 0 && !selection.allMatching ? (
        count <= MAX_ZIP_KEYS && <ZipDownload key="keys" bucket={bucket} base={folder} keys={[...selection.keys]} bytes={selectedBytes} />
      ) : (
        <ZipDownload key="prefix" bucket={bucket} prefix={listPrefix} />
      )}
      {any && canBatch && (
        <button
          type="button"
          data-testid="to-batch"
          className="rounded-md bg-brand-600 px-2 py-1 text-xs font-medium text-white hover:bg-brand-700"
          onClick={toBatch}
        >
          {t("browser.selection.batch")}
        </button>
      )}
    </div>
  );
}

"use client";

import { useRouter } from "next/navigation";
import { useT } from "@/components/i18n-provider";
import { BATCH_SELECTION_HREF, batchPrefixHref, writeBatchSelection } from "@/lib/browser/browser-url";
import type { Selection } from "@/lib/browser/selection";

interface Props {
  bucket: string;
  /** the listed prefix (folder + search): "all matching" means every key starting with it */
  listPrefix: string;
  selection: Selection;
  loadedObjects: number;
  canBatch: boolean;
  onSelectAll(): void;
  onSelectMatching(): void;
  onClear(): void;
}

const button = "rounded-md border border-slate-300 px-2 py-1 text-xs hover:bg-slate-100 dark:border-slate-600 dark:hover:bg-slate-800";

/** Selection summary and the hand-over to batch operations (team brief: sessionStorage + /batch?selection=1, or a prefix). */
export function SelectionBar({ bucket, listPrefix, selection, loadedObjects, canBatch, onSelectAll, onSelectMatching, onClear }: Props) {
  const t = useT();
  const router = useRouter();
  const count = selection.keys.size;
  const any = count > 0 || selection.allMatching;

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
      {any && canBatch && (
        <button type="button" data-testid="to-batch" className="rounded-md bg-brand-600 px-2 py-1 text-xs font-medium text-white hover:bg-brand-700" onClick={toBatch}>
          {t("browser.selection.batch")}
        </button>
      )}
    </div>
  );
}

"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Modal } from "@/components/ui/modal";
import { useT } from "@/components/i18n-provider";
import { buttonClass, inputClass } from "@/components/ui/field-styles";
import { KIND_ICONS, fileKind } from "@/lib/buckets/file-kind";
import { nameUnder, parentPrefix } from "@/lib/buckets/paths";
import { bucketReads } from "@/components/buckets/browser/reads";

/** Browse a bucket folder by folder and pick one object (keyboard: every entry is a button). */
export function ObjectPicker({
  buckets,
  initialBucket,
  onPick,
  onClose,
}: {
  buckets: string[];
  initialBucket: string;
  onPick(bucket: string, key: string): void;
  onClose(): void;
}) {
  const t = useT();
  const [bucket, setBucket] = useState(initialBucket || buckets[0] || "");
  const [prefix, setPrefix] = useState("");
  const listing = useInfiniteQuery({
    queryKey: ["pfop", "picker", bucket, prefix],
    queryFn: ({ pageParam, signal }) => bucketReads.list(bucket, { prefix, marker: pageParam || undefined, limit: 200 }, signal),
    initialPageParam: "",
    getNextPageParam: (last) => last.nextMarker ?? undefined,
    enabled: Boolean(bucket),
  });
  const rows = listing.data?.pages.flatMap((p) => p.rows) ?? [];
  return (
    <Modal title={t("processing.picker.title")} onClose={onClose} testId="object-picker">
      <label className="block text-sm">
        {t("processing.picker.bucket")}
        <select
          className={inputClass}
          value={bucket}
          onChange={(e) => {
            setBucket(e.target.value);
            setPrefix("");
          }}
        >
          {buckets.map((b) => (
            <option key={b}>{b}</option>
          ))}
        </select>
      </label>
      <div className="mt-3 flex items-center gap-2 text-sm">
        <button type="button" className={buttonClass} disabled={!prefix} onClick={() => setPrefix(parentPrefix(prefix))}>
          ↑ {t("processing.picker.up")}
        </button>
        <span className="truncate font-mono text-xs text-slate-500">/{prefix}</span>
      </div>
      <ul className="mt-2 max-h-72 overflow-auto rounded border border-slate-200 dark:border-slate-800">
        {listing.isPending && <li className="p-2 text-sm text-slate-500">{t("processing.picker.loading")}</li>}
        {listing.error && <li className="p-2 text-sm text-red-600">{t("processing.picker.error", { message: listing.error.message })}</li>}
        {listing.isSuccess && rows.length === 0 && <li className="p-2 text-sm text-slate-500">{t("processing.picker.empty")}</li>}
        {rows.map((row) => (
          <li key={row.key}>
            <button
              type="button"
              data-testid="picker-entry"
              className="flex w-full items-center gap-2 px-2 py-1 text-left text-sm hover:bg-slate-100 focus:bg-slate-100 dark:hover:bg-slate-800 dark:focus:bg-slate-800"
              onClick={() => (row.kind === "folder" ? setPrefix(row.key) : onPick(bucket, row.key))}
            >
              <span aria-hidden>{row.kind === "folder" ? KIND_ICONS.folder : KIND_ICONS[fileKind(row.key, row.mimeType)]}</span>
              <span className="truncate">{nameUnder(prefix, row.key, row.kind === "folder")}</span>
            </button>
          </li>
        ))}
      </ul>
      {listing.hasNextPage && (
        <button type="button" className={`${buttonClass} mt-2`} disabled={listing.isFetchingNextPage} onClick={() => void listing.fetchNextPage()}>
          {t("processing.picker.more")}
        </button>
      )}
    </Modal>
  );
}

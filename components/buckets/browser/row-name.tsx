"use client";

import { useT } from "@/components/i18n-provider";
import { ObjectKey } from "@/components/ui/object-key";
import { visibleKey } from "@/lib/batch/visible-key";
import { nameUnder } from "@/lib/buckets/paths";
import type { BrowserRow } from "@/lib/buckets/listing";

/**
 * A row's name under the listed folder, with visible marks for what would otherwise be invisible (empty, spaces,
 * control characters such as NUL from keys made through the SDK).
 */
export function RowName({ row, prefix }: { row: BrowserRow; prefix: string }) {
  const t = useT();
  const name = nameUnder(prefix, row.key, row.kind === "folder");
  if (name === "") return <span className="italic text-slate-400">{t("browser.page.emptySegment")}</span>;
  // white-space: pre keeps leading, trailing and repeated spaces visible as they are in the key.
  return (
    <span className="truncate whitespace-pre" title={visibleKey(row.key)}>
      <ObjectKey value={name} />
    </span>
  );
}

import { KIND_ICONS, fileKind } from "@/lib/buckets/file-kind";
import type { BrowserRow } from "@/lib/buckets/listing";

export function FileIcon({ row, className }: { row: BrowserRow; className?: string }) {
  const kind = row.kind === "folder" ? "folder" : fileKind(row.key, row.mimeType);
  return (
    <span aria-hidden className={className} data-kind={kind}>
      {KIND_ICONS[kind]}
    </span>
  );
}

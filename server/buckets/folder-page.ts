import "server-only";
import type { QiniuClient } from "@/lib/qiniu/client";
import { DELIMITER } from "@/lib/buckets/paths";
import { PAGE_SIZE, type BrowserRow, type ListPage } from "@/lib/buckets/listing";

// One page of a folder as the browser shows it: common prefixes as folders, then objects, with only the fields a row
// needs (the details panel stats the object for the rest), so 1000-row pages stay small on the wire.

export async function listFolderPage(client: QiniuClient, o: { bucket: string; prefix: string; marker?: string; limit?: number }): Promise<ListPage> {
  const page = await client.list({ bucket: o.bucket, prefix: o.prefix, delimiter: DELIMITER, marker: o.marker || undefined, limit: o.limit ?? PAGE_SIZE });
  const rows: BrowserRow[] = page.commonPrefixes.map((p) => ({ kind: "folder" as const, key: p }));
  for (const item of page.items) {
    rows.push({
      kind: "object",
      key: item.key,
      fsize: item.fsize,
      mimeType: item.mimeType ?? "",
      putTime: item.putTime,
      type: item.type ?? 0,
      ...(item.status ? { status: item.status } : {}),
      ...(item.restoreStatus ? { restoreStatus: item.restoreStatus } : {}),
    });
  }
  return { rows, nextMarker: page.marker ?? null };
}

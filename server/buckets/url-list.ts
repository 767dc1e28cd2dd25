import "server-only";
import type { Credentials } from "@/lib/qiniu/auth";
import type { QiniuClient } from "@/lib/qiniu/client";
import { issueObjectUrl } from "./object-links";
import { entryName, sourceBase, sourceItems, type LinkTarget, type ZipSource } from "./zip-download";

// For sets too large to zip through the console: signed URLs a download manager fetches straight from Qiniu, streamed
// one listing page at a time. CSV (key,size,url) for spreadsheets and scripts; aria2's input file (a URL line, then
// an indented `out=` option) keeps the folder structure under the same names the zip would use.

export type UrlListFormat = "csv" | "aria2";

function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function urlListStream(
  deps: { client: QiniuClient; creds: Credentials; target: LinkTarget },
  src: ZipSource,
  format: UrlListFormat,
  expiresIn: number,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const base = sourceBase(src);
  const items = sourceItems(deps.client, src);
  const target = { ...deps.target, private: true };
  return new ReadableStream<Uint8Array>({
    start(controller) {
      if (format === "csv") controller.enqueue(encoder.encode("\uFEFFkey,size,url\r\n"));
    },
    async pull(controller) {
      const next = await items.next();
      if (next.done) return controller.close();
      const { key, fsize } = next.value;
      if (key.endsWith("/") && fsize === 0) return; // a folder marker: nothing to fetch
      const { url } = issueObjectUrl(deps.creds, target, key, { expiresIn });
      const line = format === "csv" ? `${csvField(key)},${fsize},${csvField(url)}\r\n` : `${url}\n  out=${entryName(key, base).replace(/[\r\n]/g, "_")}\n`;
      controller.enqueue(encoder.encode(line));
    },
    async cancel() {
      await items.return(undefined);
    },
  });
}

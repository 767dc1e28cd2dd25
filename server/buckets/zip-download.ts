import "server-only";
import { Readable } from "node:stream";
import { finished } from "node:stream/promises";
import type { ReadableStream as NodeWebStream } from "node:stream/web";
import yazl from "yazl";
import { downloadBaseName } from "@/lib/buckets/downloads";
import type { Credentials } from "@/lib/qiniu/auth";
import type { QiniuClient } from "@/lib/qiniu/client";
import { statOp } from "@/lib/qiniu/ops";
import { issueObjectUrl, type LinkTarget } from "./object-links";

// A folder or a selection as one .zip, streamed (issue 20). Objects are fetched one after another through signed URLs
// and piped into the archive, so the console holds one network buffer at a time, never an object or a whole listing:
// the next listing page is asked for only when the previous page's objects are in the archive.

/** What is downloaded: everything under `prefix`, or the chosen keys, named relative to `base` (the open folder). */
export type ZipSource = { bucket: string; prefix: string } | { bucket: string; base: string; keys: readonly string[] };

export interface ZipItem {
  key: string;
  fsize: number;
  /** 100-ns units, as Qiniu lists it */
  putTime?: number;
}

export type { LinkTarget } from "./object-links";

function mtimeOf(item: ZipItem): Date {
  return item.putTime ? new Date(item.putTime / 10_000) : new Date();
}

export function sourceBase(src: ZipSource): string {
  return "prefix" in src ? src.prefix : src.base;
}

const UNSAFE_SEGMENT = new Set(["", ".", ".."]);

/**
 * The entry name of `key` in the archive, relative to `base`. Keys are opaque, so only what a zip entry name cannot
 * carry safely is changed: empty, "." and ".." segments (a leading or doubled "/", dot segments) become "__", a
 * backslash (read as a separator by unzip tools) becomes "_", and a leading drive letter "C:" gets a "_" in front.
 * Returns a name ending in "/" for folder markers (keys ending in "/"), which become empty directories.
 */
export function entryName(key: string, base: string): string {
  const rel = base && key.startsWith(base) && key.length > base.length ? key.slice(base.length) : key;
  const isDir = rel.endsWith("/");
  const segments = (isDir ? rel.slice(0, -1) : rel).split("/").map((s) => (UNSAFE_SEGMENT.has(s) ? "__" : s.replace(/\\/g, "_")));
  if (/^[a-zA-Z]:/.test(segments[0])) segments[0] = `_${segments[0]}`;
  return segments.join("/") + (isDir ? "/" : "");
}

/** The objects of a source, page by page (a folder: listed with markers; a selection: stat in batches of 1000). */
export async function* sourceItems(client: QiniuClient, src: ZipSource, missing: string[] = [], signal?: AbortSignal): AsyncGenerator<ZipItem> {
  if ("prefix" in src) {
    for await (const page of client.listAll({ bucket: src.bucket, prefix: src.prefix, limit: 1000 }, { signal })) yield* page.items;
    return;
  }
  for (let i = 0; i < src.keys.length; i += 1000) {
    const keys = src.keys.slice(i, i + 1000);
    const results = await client.batch<{ fsize: number; putTime: number }>(keys.map((k) => statOp(src.bucket, k)), { bucket: src.bucket, signal });
    for (const [j, r] of results.entries()) {
      if (r.code === 200 && r.data) yield { key: keys[j], fsize: r.data.fsize, putTime: r.data.putTime };
      else missing.push(keys[j]);
    }
  }
}

export interface ZipTally {
  entries: number;
  bytes: number;
  failed: string[];
}

/**
 * The archive as a web stream: entries STOREd (no compression: objects are mostly compressed already, and speed
 * matters), ZIP64 where sizes or offsets need it (yazl decides per entry). Objects that cannot be fetched are listed in
 * a last entry "__download-errors.txt" instead of breaking the archive halfway. `onDone` gets the tally (also on abort).
 */
export function zipStream(
  deps: { client: QiniuClient; creds: Credentials; target: LinkTarget },
  src: ZipSource,
  onDone?: (tally: ZipTally, aborted: boolean) => void,
): ReadableStream<Uint8Array> {
  const zip = new yazl.ZipFile();
  const abort = new AbortController();
  const tally: ZipTally = { entries: 0, bytes: 0, failed: [] };
  const base = sourceBase(src);
  // Always signed: a disabled object in a public bucket is served only to signed URLs, and these never leave the server.
  const target = { ...deps.target, private: true };
  zip.outputStream.on("close", () => abort.abort());

  type Opened = { item: ZipItem; name: string; res?: Response; error?: string };
  const open = (item: ZipItem, name: string): Promise<Opened> => {
    const { url } = issueObjectUrl(deps.creds, target, item.key, { expiresIn: 3600 });
    const opened = fetch(url, { signal: abort.signal }).then(
      (res) => ({ item, name, res }),
      (err: Error) => {
        if (abort.signal.aborted) throw err;
        return { item, name, error: err.message };
      },
    );
    opened.catch(() => undefined); // awaited later; an abort meanwhile must not count as unhandled
    return opened;
  };

  const fill = async () => {
    const missing: string[] = [];
    const items = sourceItems(deps.client, src, missing, abort.signal);
    // The request for the next object (folder markers on the way are queued as directories); null at the end.
    const openNext = async (): Promise<Promise<Opened> | null> => {
      for (;;) {
        const next = await items.next();
        if (next.done) return null;
        const item = next.value;
        const name = entryName(item.key, base);
        if (!name.endsWith("/")) return open(item, name);
        if (item.fsize === 0) zip.addEmptyDirectory(name, { mtime: mtimeOf(item) });
        else tally.failed.push(`${item.key}\t(a key ending in "/" that holds data)`);
      }
    };
    try {
      let opening = await openNext();
      while (opening) {
        const { item, name, res, error } = await opening;
        let body: Readable | undefined;
        if (res?.ok && res.body) {
          body = Readable.fromWeb(res.body as unknown as NodeWebStream<Uint8Array>);
          body.on("data", (c: Buffer) => (tally.bytes += c.length));
          zip.addReadStream(body, name, { compress: false, mtime: mtimeOf(item) });
          tally.entries++;
        } else {
          await res?.body?.cancel();
          tally.failed.push(`${item.key}\t${error ?? `HTTP ${res?.status}`}`);
        }
        // One object ahead: its request travels while this one streams into the archive. No more than that, so the
        // console holds at most two responses' buffers (yazl reads its inputs in order).
        opening = await openNext();
        if (body) {
          await finished(body).catch((err: Error) => {
            if (abort.signal.aborted) throw err;
            tally.failed.push(`${item.key}\t${err.message}`);
          });
        }
      }
    } catch (err) {
      if (abort.signal.aborted) return onDone?.(tally, true);
      tally.failed.push(`(listing stopped) ${(err as Error).message}`);
    }
    for (const key of missing) tally.failed.push(`${key}\tnot found`);
    if (tally.failed.length) zip.addBuffer(Buffer.from(`${tally.failed.join("\n")}\n`, "utf8"), "__download-errors.txt", { compress: false });
    zip.end();
    await finished(zip.outputStream).then(
      () => onDone?.(tally, false),
      () => onDone?.(tally, true),
    );
  };
  void fill();
  return Readable.toWeb(zip.outputStream as Readable) as unknown as ReadableStream<Uint8Array>;
}

/** The download file's name: the folder's own name, else "download". */
export function zipFileName(src: ZipSource): string {
  return `${downloadBaseName(sourceBase(src))}.zip`;
}

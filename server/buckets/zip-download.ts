import "server-only";
import { downloadBaseName } from "@/lib/buckets/downloads";
import type { Credentials } from "@/lib/qiniu/auth";
import type { QiniuClient } from "@/lib/qiniu/client";
import { statOp } from "@/lib/qiniu/ops";
import { issueObjectUrl, type LinkTarget } from "./object-links";
import { ZipWriter } from "./zip-writer";

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
    const results = await client.batch<{ fsize: number; putTime: number }>(
      keys.map((k) => statOp(src.bucket, k)),
      { bucket: src.bucket, signal },
    );
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
 * matters), ZIP64 where sizes or offsets need it (zip-writer.ts). Objects that cannot be fetched are listed in a last
 * entry "__download-errors.txt" instead of breaking the archive halfway. `onDone` gets the tally (also on abort).
 * Pull-driven: bytes are read from Qiniu only when the client has taken the previous batch, so a slow client holds
 * the console to about one batch (BATCH_BYTES) plus one network buffer per object request in flight.
 */
export function zipStream(
  deps: { client: QiniuClient; creds: Credentials; target: LinkTarget },
  src: ZipSource,
  onDone?: (tally: ZipTally, aborted: boolean) => void,
): ReadableStream<Uint8Array> {
  const abort = new AbortController();
  const tally: ZipTally = { entries: 0, bytes: 0, failed: [] };
  const chunks = zipChunks(deps, src, tally, abort.signal);
  let reported = false;
  const report = (aborted: boolean) => {
    if (!reported) onDone?.(tally, aborted);
    reported = true;
  };
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          // Network chunks are small (16–64 KiB); each one costs the same on its way out through Next.js whatever its
          // size, so they leave in batches of at least BATCH_BYTES (one copy, cheap beside the per-chunk cost).
          const batch: Uint8Array[] = [];
          let size = 0;
          while (size < BATCH_BYTES) {
            const next = await chunks.next();
            if (next.done) break;
            batch.push(next.value);
            size += next.value.byteLength;
          }
          if (batch.length) controller.enqueue(batch.length === 1 ? batch[0] : Buffer.concat(batch, size));
          if (size < BATCH_BYTES) {
            controller.close();
            report(false);
          }
        } catch (err) {
          report(true);
          controller.error(err);
        }
      },
      async cancel() {
        abort.abort();
        report(true);
        await chunks.return(undefined).catch(() => undefined);
      },
    },
    { highWaterMark: 1 },
  );
}

const BATCH_BYTES = 512 * 1024;

type Opened = { item: ZipItem; name: string; res?: Response; error?: string };

/** The archive's bytes in order: per object its header, its body's chunks as fetched, its descriptor; then the directory. */
async function* zipChunks(
  deps: { client: QiniuClient; creds: Credentials; target: LinkTarget },
  src: ZipSource,
  tally: ZipTally,
  signal: AbortSignal,
): AsyncGenerator<Uint8Array> {
  const zip = new ZipWriter();
  const base = sourceBase(src);
  // Always signed: a disabled object in a public bucket is served only to signed URLs, and these never leave the server.
  const target = { ...deps.target, private: true };
  const open = (item: ZipItem, name: string): Promise<Opened> => {
    const { url } = issueObjectUrl(deps.creds, target, item.key, { expiresIn: 3600 });
    const opened = fetch(url, { signal }).then(
      (res) => ({ item, name, res }),
      (err: Error) => {
        if (signal.aborted) throw err;
        return { item, name, error: err.message };
      },
    );
    opened.catch(() => undefined); // awaited later; an abort meanwhile must not count as unhandled
    return opened;
  };
  const missing: string[] = [];
  const items = sourceItems(deps.client, src, missing, signal);
  // Folder markers on the way to the next object become directories; `next` is that object's request, null at the end.
  type Step = { dirs: { name: string; item: ZipItem }[]; next: Promise<Opened> | null };
  const openNext = async (): Promise<Step> => {
    const dirs: Step["dirs"] = [];
    for (;;) {
      const next = await items.next();
      if (next.done) return { dirs, next: null };
      const item = next.value;
      const name = entryName(item.key, base);
      if (!name.endsWith("/")) return { dirs, next: open(item, name) };
      if (item.fsize === 0) dirs.push({ name, item });
      else tally.failed.push(`${item.key}\t(a key ending in "/" that holds data)`);
    }
  };
  try {
    let step: Promise<Step> = openNext();
    for (;;) {
      const { dirs, next } = await step;
      for (const d of dirs) {
        yield zip.begin(d.name, mtimeOf(d.item));
        yield zip.end();
      }
      if (!next) break;
      const { item, name, res, error } = await next;
      // One object ahead: its request travels while this one streams into the archive (and no more than one).
      step = openNext();
      step.catch(() => undefined);
      if (!res?.ok || !res.body) {
        await res?.body?.cancel();
        tally.failed.push(`${item.key}\t${error ?? `HTTP ${res?.status}`}`);
        continue;
      }
      yield zip.begin(name, mtimeOf(item), item.fsize);
      tally.entries++;
      const reader = res.body.getReader();
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          tally.bytes += value.byteLength;
          yield zip.data(value);
        }
      } catch (err) {
        if (signal.aborted) throw err;
        // The entry ends where its bytes stopped (its CRC and size say so): the archive stays readable.
        tally.failed.push(`${item.key}\t${(err as Error).message}`);
      } finally {
        reader.releaseLock();
      }
      yield zip.end();
    }
  } catch (err) {
    if (signal.aborted) throw err;
    tally.failed.push(`(listing stopped) ${(err as Error).message}`);
  }
  for (const key of missing) tally.failed.push(`${key}\tnot found`);
  if (tally.failed.length) {
    const text = Buffer.from(`${tally.failed.join("\n")}\n`, "utf8");
    yield zip.begin("__download-errors.txt", new Date(), text.length);
    yield zip.data(text);
    yield zip.end();
  }
  yield zip.finish();
}

/** The download file's name: the folder's own name, else "download". */
export function zipFileName(src: ZipSource): string {
  return `${downloadBaseName(sourceBase(src))}.zip`;
}

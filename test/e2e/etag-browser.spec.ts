// The browser etag (lib/qiniu/etag-browser.ts and its Web Worker lib/qiniu/etag.worker.ts) in real Chromium, checked
// against the vectors computed with Qiniu's official Python SDK (test/unit/lib/qiniu/etag-vectors.json). The module and
// the worker are bundled with esbuild as bench/etag/browser.mjs does and served from a loopback server started here
// (the console's web server is not used). Every content reaches the page as a real File through an
// <input type=file>, so Chromium's disk-backed File/Blob path is what gets sliced and hashed.
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { expect, test, type Page, type Worker } from "@playwright/test";
import { build } from "esbuild";
import { BLOCK_SIZE } from "@/lib/qiniu/etag";
import { etagOfFile } from "@/lib/qiniu/etag-node";

const ROOT = path.resolve(__dirname, "../..");
const VECTORS = JSON.parse(readFileSync(path.join(ROOT, "test/unit/lib/qiniu/etag-vectors.json"), "utf8")) as {
  content: string;
  vectors: { size: number | string; etag: string }[];
};
const PATTERN = "byte i of a buffer of length n is (i*31+7) mod 251";
/** Web Workers asked for in the pool runs: more than one, and more than the two cores here. */
const POOL = 3;

// The page's entry: exposes one function that hashes the chosen file. It imports the real module, which starts its
// workers itself with `new Worker(new URL("./etag.worker.ts", import.meta.url))` (no createWorker override).
const PAGE_ENTRY = `
import { etagOfBlob } from "@/lib/qiniu/etag-browser";
window.etagOfChosenFile = async ({ workers, abortAfterProgress }) => {
  const file = document.getElementById("f").files[0];
  const progress = [];
  const ac = new AbortController();
  const onProgress = (done, total) => {
    progress.push([done, total]);
    if (progress.length === abortAfterProgress) ac.abort(new Error("cancelled by the test"));
  };
  try {
    const etag = await etagOfBlob(file, { workers, signal: ac.signal, onProgress });
    return { etag, progress, size: file.size, isFile: file instanceof File };
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e), progress, size: file.size, isFile: file instanceof File };
  }
};
`;

interface HashResult {
  etag?: string;
  error?: string;
  progress: [number, number][];
  size: number;
  isFile: boolean;
}
type PageApi = { etagOfChosenFile(o: { workers: number; abortAfterProgress?: number }): Promise<HashResult> };

let server: http.Server;
let origin: string;
let dir: string;

async function bundle(): Promise<{ page: string; worker: string; workerPath: string }> {
  const common = { bundle: true, format: "esm", target: "es2022", write: false, logLevel: "error", alias: { "@": ROOT } } as const;
  const [page, worker] = await Promise.all([
    build({ ...common, stdin: { contents: PAGE_ENTRY, loader: "js", resolveDir: ROOT, sourcefile: "etag-page.js" } }),
    build({ ...common, entryPoints: [path.join(ROOT, "lib/qiniu/etag.worker.ts")] }),
  ]);
  const pageJs = page.outputFiles[0].text;
  // esbuild leaves `new URL("…", import.meta.url)` as it is: serve the worker bundle where the page will ask for it.
  const workerUrl = /new Worker\(new URL\("\.\/([^"]+)", import\.meta\.url\)/.exec(pageJs)?.[1];
  if (!workerUrl) throw new Error("the bundled etag-browser no longer creates its worker with new URL(…, import.meta.url)");
  return { page: pageJs, worker: worker.outputFiles[0].text, workerPath: `/${workerUrl}` };
}

test.beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "etag-browser-e2e-"));
  const js = await bundle();
  const files: Record<string, [string, string]> = {
    "/": [
      "text/html; charset=utf-8",
      '<!doctype html><meta charset="utf-8"><title>etag</title><input id="f" type="file"><script type="module" src="/page.js"></script>',
    ],
    "/page.js": ["text/javascript", js.page],
    [js.workerPath]: ["text/javascript", js.worker],
  };
  server = http.createServer((req, res) => {
    const f = files[req.url ?? ""];
    if (!f) return void res.writeHead(404).end();
    res.writeHead(200, { "Content-Type": f[0], "Cache-Control": "no-store" }).end(f[1]);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function modPattern(n: number): Buffer {
  const b = Buffer.allocUnsafe(n);
  for (let i = 0; i < n; i++) b[i] = (i * 31 + 7) % 251;
  return b;
}

/** The bytes a vector describes: a pattern of `size` bytes, or a quoted UTF-8 text. */
function vectorContent(size: number | string): Buffer {
  if (typeof size === "number") return modPattern(size);
  const text = /^text '(.*)' \(utf-8\)$/.exec(size)?.[1];
  if (text === undefined) throw new Error(`unknown vector content: ${size}`);
  return Buffer.from(text, "utf8");
}

/** Opens the page and tracks the Web Workers it starts and the ones that end. */
async function openPage(page: Page) {
  const started: Worker[] = [];
  const closed = new Set<Worker>();
  page.on("worker", (w) => {
    started.push(w);
    w.on("close", () => closed.add(w));
  });
  await page.goto(`${origin}/`);
  await page.waitForFunction(() => typeof (window as unknown as Partial<PageApi>).etagOfChosenFile === "function");
  return { started, closed };
}

function hash(page: Page, workers: number, abortAfterProgress?: number): Promise<HashResult> {
  return page.evaluate((o) => (window as unknown as PageApi).etagOfChosenFile(o), { workers, abortAfterProgress });
}

function blocksOf(size: number): number {
  return Math.max(1, Math.ceil(size / BLOCK_SIZE));
}

function expectProgressToReachSize(r: HashResult, size: number) {
  expect(r.progress).toHaveLength(blocksOf(size));
  expect(r.progress.every(([, total]) => total === size)).toBe(true);
  const done = r.progress.map(([d]) => d);
  expect(done).toEqual([...done].sort((a, b) => a - b));
  expect(done.at(-1)).toBe(size);
}

test.describe("browser etag in Chromium", () => {
  test("the vectors describe the content this spec materialises", () => {
    expect(VECTORS.content).toBe(PATTERN);
    const sizes = VECTORS.vectors.map((v) => v.size).filter((s): s is number => typeof s === "number");
    // Both sides of the 4 MiB block boundary and more than two blocks are covered.
    expect(sizes).toEqual(expect.arrayContaining([BLOCK_SIZE - 1, BLOCK_SIZE, BLOCK_SIZE + 1]));
    expect(Math.max(...sizes)).toBeGreaterThan(2 * BLOCK_SIZE);
  });

  for (const v of VECTORS.vectors) {
    test(`equals the official etag for ${typeof v.size === "number" ? `${v.size} bytes` : v.size}, with ${POOL} Web Workers and on the page thread`, async ({
      page,
    }) => {
      const data = vectorContent(v.size);
      const file = path.join(dir, `vector-${data.length}.bin`);
      writeFileSync(file, data);
      try {
        const { started, closed } = await openPage(page);
        await page.setInputFiles("#f", file);

        const pooled = await hash(page, POOL);
        expect(pooled.error).toBeUndefined();
        expect(pooled.isFile).toBe(true);
        expect(pooled.size).toBe(data.length);
        expect(pooled.etag).toBe(v.etag);
        expectProgressToReachSize(pooled, data.length);
        // A single block is hashed on the page thread; more blocks really go through min(POOL, blocks) workers,
        // and every one of them is terminated once the etag is known.
        const spawned = blocksOf(data.length) > 1 ? Math.min(POOL, blocksOf(data.length)) : 0;
        await expect.poll(() => started.length).toBe(spawned);
        await expect.poll(() => closed.size).toBe(spawned);

        const onPage = await hash(page, 0);
        expect(onPage.error).toBeUndefined();
        expect(onPage.etag).toBe(v.etag);
        expectProgressToReachSize(onPage, data.length);
        expect(started).toHaveLength(spawned);
      } finally {
        rmSync(file, { force: true });
      }
    });
  }

  test.describe("a file of three blocks and a tail", () => {
    const size = 3 * BLOCK_SIZE + 77_777;
    let file: string;
    let nodeEtag: string;

    test.beforeAll(async () => {
      file = path.join(dir, "multi-block.bin");
      writeFileSync(file, randomBytes(size));
      nodeEtag = await etagOfFile(file);
    });

    test.afterAll(() => {
      if (file) rmSync(file, { force: true });
    });

    test("has the same etag as etagOfFile in Node, with progress reaching the file size", async ({ page }) => {
      const { started, closed } = await openPage(page);
      await page.setInputFiles("#f", file);

      const pooled = await hash(page, POOL);
      expect(pooled.error).toBeUndefined();
      expect(pooled.etag).toBe(nodeEtag);
      expectProgressToReachSize(pooled, size);
      await expect.poll(() => started.length).toBe(POOL);
      await expect.poll(() => closed.size).toBe(POOL);

      const onPage = await hash(page, 0);
      expect(onPage.etag).toBe(nodeEtag);
      expectProgressToReachSize(onPage, size);
    });

    test("rejects an aborted hash and terminates its workers", async ({ page }) => {
      const { started, closed } = await openPage(page);
      await page.setInputFiles("#f", file);

      // Aborted as soon as the first block is done: three blocks are still pending or in flight.
      const pooled = await hash(page, 2, 1);
      expect(pooled.etag).toBeUndefined();
      expect(pooled.error).toBe("cancelled by the test");
      expect(pooled.progress).toHaveLength(1);
      expect(pooled.progress[0][0]).toBeLessThan(size);
      await expect.poll(() => started.length).toBe(2);
      await expect.poll(() => closed.size).toBe(2);

      const onPage = await hash(page, 0, 1);
      expect(onPage.etag).toBeUndefined();
      expect(onPage.error).toBe("cancelled by the test");
      expect(onPage.progress).toHaveLength(1);

      // The page still hashes correctly afterwards (nothing left half-done).
      expect((await hash(page, 2)).etag).toBe(nodeEtag);
    });
  });
});

// Browser half of the etag benchmark: bundles lib/qiniu/etag-browser.ts and its worker with esbuild, serves them
// on loopback, and times etagOfBlob on the benchmark file in headless Debian chromium (playwright-core).
import { build } from "esbuild";
import { mkdirSync, readFileSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { chromium } from "playwright-core";
import { ROOT, TMP, cores, fmt, table } from "./common.mjs";

const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

async function bundle() {
  const out = path.join(TMP, "browser");
  mkdirSync(out, { recursive: true });
  const common = { bundle: true, format: "esm", target: "es2022", minify: true, logLevel: "error", alias: { "@": ROOT } };
  await build({ ...common, entryPoints: [path.join(ROOT, "bench/etag/page.ts")], outfile: path.join(out, "page.js") });
  await build({ ...common, entryPoints: [path.join(ROOT, "lib/qiniu/etag.worker.ts")], outfile: path.join(out, "worker.js") });
  return out;
}

function serve(dir) {
  const files = {
    "/": ["text/html", '<!doctype html><meta charset="utf-8"><input id="f" type="file"><script type="module" src="/page.js"></script>'],
    "/page.js": ["text/javascript", readFileSync(path.join(dir, "page.js"))],
    "/worker.js": ["text/javascript", readFileSync(path.join(dir, "worker.js"))],
  };
  const server = http.createServer((req, res) => {
    const f = files[req.url ?? ""];
    if (!f) return res.writeHead(404).end();
    res.writeHead(200, { "Content-Type": f[0] }).end(f[1]);
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

export async function browserBench({ file, size, expected, limit, runs }) {
  const dir = await bundle();
  const server = await serve(dir);
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${server.address().port}/`);
    await page.waitForFunction(() => typeof window.benchEtag === "function");
    await page.setInputFiles("#f", file);
    const time = async (workers) => {
      let best = Infinity;
      let etag = "";
      for (let i = 0; i < runs; i++) {
        const r = await page.evaluate((w) => window.benchEtag(w), workers);
        best = Math.min(best, r.ms / 1000);
        etag = r.etag;
      }
      return { seconds: best, etag };
    };
    const pool = await time(cores());
    const one = await time(0);
    const best = async (fn) => {
      let s = Infinity;
      for (let i = 0; i < runs; i++) {
        const r = await page.evaluate(fn);
        s = Math.min(s, r.ms / 1000 / (r.bytes / size));
      }
      return s;
    };
    const readOnly = await best(() => window.benchRead());
    const digestOnly = await best(() => window.benchDigest());
    const limitSeconds = size / limit;
    console.log(`\nbrowser (chromium ${browser.version()}):`);
    console.log(
      table([
        ["contender", "time", "throughput", "vs all-core limit"],
        [`etagOfBlob (${cores()} Web Workers)`, fmt.s(pool.seconds), fmt.gbps(size, pool.seconds), fmt.ratio(limitSeconds / pool.seconds)],
        ["etagOfBlob (page thread)", fmt.s(one.seconds), fmt.gbps(size, one.seconds), fmt.ratio(limitSeconds / one.seconds)],
        ["chromium: read the File alone (one stream)", fmt.s(readOnly), fmt.gbps(size, readOnly), fmt.ratio(limitSeconds / readOnly)],
        ["chromium: Web Crypto SHA-1 in memory, one thread", fmt.s(digestOnly), fmt.gbps(size, digestOnly), fmt.ratio(limitSeconds / digestOnly)],
      ]),
    );
    const same = pool.etag === expected && one.etag === expected;
    console.log(`browser etag ${same ? "equals" : "DIFFERS FROM"} the Node etag (${pool.etag})`);
    const gbps = size / pool.seconds / 1e9;
    console.log(`browser target ≥ 1 GB/s: ${gbps.toFixed(2)} GB/s ${gbps >= 1 ? "met" : "NOT met"}`);
    // Reading and hashing compete for the same cores (chromium's browser process does the file I/O): with c cores the
    // best any browser etag can do is about c / (1/read + 1/digest) bytes per second.
    const ceiling = cores() / (readOnly / size + digestOnly / size);
    console.log(
      `browser ceiling on ${cores()} cores from the two rows above: ${(ceiling / 1e9).toFixed(2)} GB/s; etagOfBlob reaches ${(gbps / (ceiling / 1e9)).toFixed(2)}× of it`,
    );
    if (!same) process.exitCode = 1;
  } finally {
    await browser.close();
    server.close();
  }
}

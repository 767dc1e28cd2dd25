// Etag benchmark: our Node etag (worker threads over 4 MiB blocks) side by side with sha1sum, openssl sha1
// and the machine's all-core SHA-1 limit (cores × openssl speed at 4 MiB blocks); then the browser version
// in headless chromium (bench/etag/browser.mjs) unless ETAG_BENCH_BROWSER=0.
//   node bench/etag/run.mjs                 # 1 GiB
//   ETAG_BENCH_SIZE=256M node bench/etag/run.mjs
// Not part of the test suite.
import { tsImport } from "tsx/esm/api";
import { loadavg } from "node:os";
import { createHash } from "node:crypto";
import { closeSync, openSync, readSync } from "node:fs";
import { benchSize, cores, ensureFile, fmt, opensslSha1Speed, run, table, timeBest, warm } from "./common.mjs";

const { etagOfFile } = await tsImport("../../lib/qiniu/etag-node.ts", import.meta.url);

const size = benchSize();
const runs = Number(process.env.ETAG_BENCH_RUNS ?? 3);
console.log(`etag benchmark: ${(size / 1024 ** 2).toFixed(0)} MiB file, ${cores()} cores, best of ${runs}`);
const file = ensureFile(size);
await warm(file);

const load = loadavg()[0];
if (load > cores() * 0.5) console.log(`warning: load average ${load.toFixed(1)} on ${cores()} cores; wall-clock figures are slowed by other processes`);
const single = opensslSha1Speed();
const limit = single * cores();
const cpuBefore = process.cpuUsage();
const ours = await timeBest(() => etagOfFile(file), runs);
const cpu = process.cpuUsage(cpuBefore);
// CPU seconds per run (all threads of this process): per-core efficiency, independent of other load.
const cpuSeconds = (cpu.user + cpu.system) / 1e6 / runs;
const oursOne = await timeBest(() => etagOfFile(file, { threads: 1 }), runs);
const sha1sum = await timeBest(() => run("sha1sum", [file]), runs);
const openssl = await timeBest(() => run("openssl", ["sha1", file]), runs);
// What any Node code pays per byte on one thread: read() from the page cache into a 128 KiB buffer plus node:crypto
// SHA-1 (no etag bookkeeping). Times the cores, it is the ceiling for a Node etag of a file.
const readHash = await timeBest(async () => {
  const fd = openSync(file, "r");
  const buf = Buffer.allocUnsafe(128 * 1024);
  const h = createHash("sha1");
  try {
    for (let n; (n = readSync(fd, buf, 0, buf.length, null)) > 0;) h.update(buf.subarray(0, n));
  } finally {
    closeSync(fd);
  }
  return h.digest("hex");
}, runs);
const nodeCeiling = readHash.seconds / cores();

const limitSeconds = size / limit;
const rows = [
  ["contender", "time", "throughput", "vs all-core limit", "vs sha1sum"],
  ["SHA-1 limit (openssl speed × cores)", fmt.s(limitSeconds), fmt.gbps(size, limitSeconds), fmt.ratio(1), fmt.ratio(sha1sum.seconds / limitSeconds)],
  [
    `our etag (${cores()} worker threads)`,
    fmt.s(ours.seconds),
    fmt.gbps(size, ours.seconds),
    fmt.ratio(limitSeconds / ours.seconds),
    fmt.ratio(sha1sum.seconds / ours.seconds),
  ],
  [
    `Node ceiling: read()+SHA-1 on one thread ÷ ${cores()}`,
    fmt.s(nodeCeiling),
    fmt.gbps(size, nodeCeiling),
    fmt.ratio(limitSeconds / nodeCeiling),
    fmt.ratio(sha1sum.seconds / nodeCeiling),
  ],
  [
    "our etag (this thread)",
    fmt.s(oursOne.seconds),
    fmt.gbps(size, oursOne.seconds),
    fmt.ratio(limitSeconds / oursOne.seconds),
    fmt.ratio(sha1sum.seconds / oursOne.seconds),
  ],
  ["sha1sum", fmt.s(sha1sum.seconds), fmt.gbps(size, sha1sum.seconds), fmt.ratio(limitSeconds / sha1sum.seconds), fmt.ratio(1)],
  [
    "openssl sha1",
    fmt.s(openssl.seconds),
    fmt.gbps(size, openssl.seconds),
    fmt.ratio(limitSeconds / openssl.seconds),
    fmt.ratio(sha1sum.seconds / openssl.seconds),
  ],
];
console.log(table(rows));
console.log(`etag: ${ours.result} (single thread: ${oursOne.result === ours.result ? "same" : `DIFFERENT ${oursOne.result}`})`);
console.log(
  `our etag per CPU-second: ${fmt.gbps(size, cpuSeconds)} = ${(size / cpuSeconds / single).toFixed(2)}× openssl's single-core SHA-1 speed (${fmt.gbps(single, 1)})`,
);
console.log(`our etag vs the Node ceiling (reading the file costs what openssl speed does not count): ${(nodeCeiling / ours.seconds).toFixed(2)}×`);
console.log(
  `Node target ≥ 0.80× of the all-core limit: ${(limitSeconds / ours.seconds).toFixed(2)}× ${limitSeconds / ours.seconds >= 0.8 ? "met" : "NOT met"}`,
);

if (process.env.ETAG_BENCH_BROWSER !== "0") {
  const { browserBench } = await import("./browser.mjs");
  await browserBench({ file, size, expected: ours.result, limit, runs });
}

// Shared helpers of the etag benchmark (not part of the test suite).
import { execFileSync, spawnSync } from "node:child_process";
import { createReadStream, existsSync, mkdirSync, statSync, openSync, writeSync, closeSync } from "node:fs";
import { availableParallelism } from "node:os";
import path from "node:path";
import { randomFillSync } from "node:crypto";

export const ROOT = path.resolve(import.meta.dirname, "../..");
export const TMP = path.join(ROOT, "bench/.tmp");

/** ETAG_BENCH_SIZE: bytes, or with a K/M/G suffix (binary units). Default 1G. */
export function benchSize() {
  const raw = (process.env.ETAG_BENCH_SIZE ?? "1G").trim();
  const m = /^(\d+(?:\.\d+)?)\s*([KMG]?)i?B?$/i.exec(raw);
  if (!m) throw new Error(`ETAG_BENCH_SIZE: cannot read "${raw}" (examples: 1G, 256M, 1048576)`);
  const mult = { "": 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3 }[m[2].toUpperCase()];
  return Math.round(Number(m[1]) * mult);
}

/** Creates (once) a file of random bytes of the given size in bench/.tmp. */
export function ensureFile(size) {
  mkdirSync(TMP, { recursive: true });
  const file = path.join(TMP, `etag-${size}.bin`);
  if (existsSync(file) && statSync(file).size === size) return file;
  const fd = openSync(file, "w");
  const buf = Buffer.allocUnsafe(4 * 1024 * 1024);
  try {
    for (let done = 0; done < size;) {
      const n = Math.min(buf.length, size - done);
      randomFillSync(buf, 0, n);
      writeSync(fd, buf, 0, n);
      done += n;
    }
  } finally {
    closeSync(fd);
  }
  return file;
}

/** Reads the file once so every contender starts from the page cache. */
export async function warm(file) {
  for await (const _ of createReadStream(file, { highWaterMark: 4 * 1024 * 1024 })) void _;
}

export function cores() {
  return availableParallelism();
}

/** Best of `runs` wall-clock timings of fn (seconds) and its last result. */
export async function timeBest(fn, runs) {
  let best = Infinity;
  let result;
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    result = await fn();
    best = Math.min(best, Number(process.hrtime.bigint() - t) / 1e9);
  }
  return { seconds: best, result };
}

export function run(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: "utf8", maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed: ${r.stderr}`);
  return r.stdout;
}

/** Single-core SHA-1 throughput of OpenSSL at 4 MiB blocks, bytes/s. */
export function opensslSha1Speed(seconds = 2) {
  const out = execFileSync("openssl", ["speed", "-bytes", "4194304", "-seconds", String(seconds), "sha1"], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "ignore"],
  });
  const line = out.split("\n").find((l) => /^sha1\s/.test(l));
  const m = line && /([\d.]+)k\s*$/.exec(line.trim());
  if (!m) throw new Error(`cannot read openssl speed output:\n${out}`);
  return Number(m[1]) * 1000;
}

export const fmt = {
  gbps: (bytes, s) => `${(bytes / s / 1e9).toFixed(2)} GB/s`,
  s: (s) => `${s.toFixed(3)} s`,
  ratio: (x) => `${x.toFixed(2)}×`,
};

export function table(rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  return rows.map((r) => r.map((c, i) => String(c).padEnd(widths[i])).join("  ")).join("\n");
}

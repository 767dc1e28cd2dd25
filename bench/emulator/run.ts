// Emulator benchmark (not part of the test suite):
//   node --conditions=react-server --import tsx bench/emulator/run.ts [--objects 1000000] [--upload-mib 128]
// 1. list latency for pages of 1000 in a bucket of 1,000,000 objects (rows inserted directly into SQLite), target < 20 ms;
// 2. batch throughput (stat and move, 1000 ops per request), target ≥ 5,000 ops/s;
// 3. upload throughput over loopback compared with a raw disk write of the same bytes in the same run.
// The populated database is kept in bench/.tmp/emulator (git-ignored) and reused by later runs. Wall-clock numbers
// depend on what else the machine runs; the server CPU time per page / op / MiB (from /proc) does not.
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { open } from "node:fs/promises";
import path from "node:path";
import { signQiniuV2, signUploadToken } from "@/lib/qiniu/auth";
import { encodedEntry } from "@/lib/qiniu/entry";
import { getMeta, openDatabase, setMeta } from "@/server/emulator/db";
import { startEmulator } from "@/test/support/emulator";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const OBJECTS = arg("objects", 1_000_000);
const UPLOAD_MIB = arg("upload-mib", 128);
const BUCKET = "bench";
const dataDir = path.resolve("bench/.tmp/emulator");
const EMPTY_ETAG = "Fto5o-5ea0sNMlW_75VgGJCv2AcJ";

const keyOf = (i: number) => `dir-${String(i % 100).padStart(2, "0")}/sub-${i % 7}/file-${String(i).padStart(7, "0")}.txt`;

function populate(): void {
  mkdirSync(dataDir, { recursive: true });
  const db = openDatabase(dataDir);
  try {
    if (getMeta(db, "bench.objects") === String(OBJECTS)) return;
    console.log(`inserting ${OBJECTS.toLocaleString()} object rows…`);
    const started = performance.now();
    db.exec("DELETE FROM objects; DELETE FROM buckets;");
    db.prepare("INSERT INTO buckets (name, region, private, slot, created_at) VALUES (?, 'z0', 0, 0, ?)").run(BUCKET, Date.now());
    const ins = db.prepare(
      "INSERT INTO objects (bucket, key, fsize, hash, md5, mime, put_time) VALUES (?, ?, 0, ?, 'd41d8cd98f00b204e9800998ecf8427e', 'text/plain', ?)",
    );
    const putTime = Date.now() * 10000;
    for (let start = 0; start < OBJECTS; start += 100_000) {
      db.transaction(() => {
        for (let i = start; i < Math.min(OBJECTS, start + 100_000); i++) ins.run(BUCKET, keyOf(i), EMPTY_ETAG, putTime);
      })();
    }
    setMeta(db, "bench.objects", String(OBJECTS));
    db.pragma("wal_checkpoint(TRUNCATE)");
    console.log(`  done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    db.close();
  }
}

/** CPU time (user + system, ms) the emulator process has used so far; Linux only (undefined elsewhere). */
function serverCpuMs(pid: number | undefined): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // clock ticks (USER_HZ = 100)
  } catch {
    return undefined;
  }
}

function stats(ms: number[]): { mean: number; p50: number; p95: number; max: number } {
  const s = [...ms].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  return { mean: s.reduce((a, b) => a + b, 0) / s.length, p50: at(0.5), p95: at(0.95), max: s[s.length - 1] };
}
const fmt = (x: number) => x.toFixed(2);

async function main(): Promise<void> {
  populate();
  const emu = await startEmulator({ dataDir, env: { EMULATOR_QUIET: "1" }, timeoutMs: 300_000 });
  const creds = { accessKey: emu.accessKey, secretKey: emu.secretKey };
  const signedGet = async (url: string) => {
    const res = await fetch(url, { headers: { Authorization: signQiniuV2(creds, { method: "GET", url }) } });
    if (res.status !== 200) throw new Error(`${url}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  const results: Record<string, unknown> = {};
  try {
    // ---- 1. list latency ----
    const scenarios: [string, string][] = [
      ["whole bucket, no delimiter", ""],
      ["prefix dir-42/, no delimiter", "&prefix=dir-42%2F"],
      ["root with delimiter /", "&delimiter=%2F"],
      ["prefix dir-42/ with delimiter /", "&prefix=dir-42%2F&delimiter=%2F"],
    ];
    const pid = emu.process.pid;
    const cpuNote = (before: number | undefined, count: number, unit: string) => {
      const after = serverCpuMs(pid);
      return before === undefined || after === undefined ? "" : `, server CPU ${fmt((after - before) / count)} ms/${unit}`;
    };
    // Steady state: a short untimed pass over each scenario first (JIT, prepared statements, SQLite's page cache), the
    // way a long-running emulator serves. The cold first page after start-up is printed on its own.
    const listUrl = (extra: string, marker: string) =>
      `${emu.endpoints.rsf}/list?bucket=${BUCKET}&limit=1000${extra}${marker ? `&marker=${encodeURIComponent(marker)}` : ""}`;
    const coldStart = performance.now();
    await signedGet(listUrl("", ""));
    console.log(`list: first page after start-up (cold) ${fmt(performance.now() - coldStart)} ms`);
    for (const [, extra] of scenarios) {
      let marker = "";
      for (let page = 0; page < 5; page++) {
        const body = (await signedGet(listUrl(extra, marker))) as { marker?: string };
        if (!body.marker) break;
        marker = body.marker;
      }
    }
    for (const [name, extra] of scenarios) {
      const times: number[] = [];
      const cpuBefore = serverCpuMs(pid);
      let marker = "";
      for (let page = 0; page < 40; page++) {
        const t = performance.now();
        const body = (await signedGet(listUrl(extra, marker))) as { marker?: string };
        times.push(performance.now() - t);
        if (!body.marker) break;
        marker = body.marker;
      }
      const s = stats(times);
      results[`list: ${name}`] = s;
      console.log(
        `list ${name}: ${times.length} pages, mean ${fmt(s.mean)} ms, p50 ${fmt(s.p50)}, p95 ${fmt(s.p95)} (target < 20 ms: ${fmt(20 / s.p95)}× headroom)${cpuNote(cpuBefore, times.length, "page")}`,
      );
    }

    // ---- 2. batch throughput ----
    const batch = async (ops: string[]) => {
      const url = `${emu.endpoints.rs}/batch`;
      const body = ops.map((o) => `op=${encodeURIComponent(o)}`).join("&");
      const res = await fetch(url, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded", Authorization: signQiniuV2(creds, { method: "POST", url, body }) },
        body,
      });
      if (res.status !== 200) throw new Error(`batch: ${res.status} ${(await res.text()).slice(0, 200)}`);
    };
    const rounds = 10;
    // Stat keys come from outside the first 1000, which the move rounds shuffle between "" and "moved/".
    let cpuBefore = serverCpuMs(pid);
    let t = performance.now();
    for (let r = 0; r < rounds; r++) {
      await batch(Array.from({ length: 1000 }, (_, k) => `/stat/${encodedEntry(BUCKET, keyOf(1000 + ((r * 7919 + k * 104729) % (OBJECTS - 1000))))}`));
    }
    const statRate = (rounds * 1000) / ((performance.now() - t) / 1000);
    const statCpu = cpuNote(cpuBefore, rounds * 1000, "op");
    const probe = await fetch(`${emu.endpoints.rs}/stat/${encodedEntry(BUCKET, keyOf(0))}`, {
      headers: { Authorization: signQiniuV2(creds, { method: "GET", url: `${emu.endpoints.rs}/stat/${encodedEntry(BUCKET, keyOf(0))}` }) },
    });
    let moved = probe.status !== 200; // an earlier, interrupted run may have left them under moved/
    cpuBefore = serverCpuMs(pid);
    t = performance.now();
    for (let r = 0; r < rounds; r++, moved = !moved) {
      const [from, to] = moved ? ["moved/", ""] : ["", "moved/"];
      await batch(Array.from({ length: 1000 }, (_, k) => `/move/${encodedEntry(BUCKET, from + keyOf(k))}/${encodedEntry(BUCKET, to + keyOf(k))}/force/true`));
    }
    const moveRate = (rounds * 1000) / ((performance.now() - t) / 1000);
    const moveCpu = cpuNote(cpuBefore, rounds * 1000, "op");
    results["batch stat ops/s"] = statRate;
    results["batch move ops/s"] = moveRate;
    console.log(`batch stat: ${Math.round(statRate)} ops/s (${fmt(statRate / 5000)}× target 5000)${statCpu}`);
    console.log(`batch move: ${Math.round(moveRate)} ops/s (${fmt(moveRate / 5000)}× target 5000)${moveCpu}`);

    // ---- 3. upload throughput vs raw disk ----
    const data = Buffer.alloc(UPLOAD_MIB * 1024 * 1024);
    for (let i = 0; i < data.length; i += 4096) createHash("sha1").update(String(i)).digest().copy(data, i);
    const rawPath = path.join(dataDir, "raw-write.bin");
    t = performance.now();
    const fh = await open(rawPath, "w");
    for (let o = 0; o < data.length; o += 4 * 1024 * 1024) await fh.write(data, o, Math.min(4 * 1024 * 1024, data.length - o));
    await fh.sync();
    await fh.close();
    const diskMiBs = UPLOAD_MIB / ((performance.now() - t) / 1000);
    rmSync(rawPath, { force: true });
    const token = signUploadToken(creds, { scope: BUCKET });
    const form = new FormData();
    form.append("token", token);
    form.append("key", "upload-bench.bin");
    form.append("file", new Blob([data]), "upload-bench.bin");
    cpuBefore = serverCpuMs(pid);
    t = performance.now();
    const up = await fetch(emu.endpoints.up, { method: "POST", body: form });
    if (up.status !== 200) throw new Error(`upload: ${up.status} ${await up.text()}`);
    const uploadMiBs = UPLOAD_MIB / ((performance.now() - t) / 1000);
    const uploadCpu = cpuNote(cpuBefore, UPLOAD_MIB, "MiB");
    results["raw disk write MiB/s"] = diskMiBs;
    results["form upload MiB/s"] = uploadMiBs;
    console.log(
      `raw disk write (fsync): ${fmt(diskMiBs)} MiB/s; form upload of ${UPLOAD_MIB} MiB over loopback: ${fmt(uploadMiBs)} MiB/s (${fmt(uploadMiBs / diskMiBs)}× disk)${uploadCpu}`,
    );
    await batch([`/delete/${encodedEntry(BUCKET, "upload-bench.bin")}`]);
  } finally {
    await emu.stop();
  }
  console.log(JSON.stringify(results));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

// Region resolver benchmark (not part of the test suite):
//   node --conditions=react-server --import tsx bench/regions/run.ts [--requests 500] [--rounds 3]
// On one emulator, a stat of an object in the z1 bucket by the console's client (configured with z0's hosts), three ways
// in each round, back to back:
//   direct — a client given z1's hosts, no resolver (the floor: one round trip);
//   warm   — the resolver with the bucket's hosts cached (the normal case: the lookup must add no round trip);
//   cold   — the bucket forgotten before every stat (uc /v4/query + the stat: two round trips).
// Prints the median and p95 latency of each, and region queries per stat, side by side (best round by median).
import { signUploadToken } from "@/lib/qiniu/auth";
import { QiniuClient } from "@/lib/qiniu/client";
import type { QiniuHosts } from "@/lib/qiniu/regions";
import { startEmulator } from "@/test/support/emulator";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const N = arg("requests", 500);
const ROUNDS = arg("rounds", 3);
const BUCKET = "bench-north";
const KEY = "probe.txt";

interface Figures {
  median: number;
  p95: number;
  queriesPerStat: number;
}

async function measure(client: QiniuClient, before: () => void): Promise<Figures> {
  const times: number[] = [];
  const q0 = client.transport.regions?.queries ?? 0;
  for (let i = 0; i < N; i++) {
    before();
    const t = performance.now();
    await client.stat(BUCKET, KEY);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const queries = (client.transport.regions?.queries ?? 0) - q0;
  return { median: times[Math.floor(N / 2)], p95: times[Math.floor(N * 0.95)], queriesPerStat: queries / N };
}

async function main() {
  const emu = await startEmulator();
  try {
    const e = emu.endpoints;
    const z0: QiniuHosts = { up: e.up, io: e.io, rs: e.rs, rsf: e.rsf, api: e.api, uc: e.uc, fusion: e.fusion };
    const z1 = emu.regions.z1;
    const keys = { accessKey: emu.accessKey, secretKey: emu.secretKey };
    const resolving = new QiniuClient({ ...keys, hosts: z0, resolveRegions: true });
    await resolving.mkbucket(BUCKET, "z1");
    // The object, uploaded straight to z1's up host.
    const form = new FormData();
    form.set("token", signUploadToken(keys, { scope: `${BUCKET}:${KEY}` }, { expires: 600 }));
    form.set("key", KEY);
    form.set("file", new Blob(["probe"]), KEY);
    const res = await fetch(`${z1.up[0]}/`, { method: "POST", body: form });
    if (res.status !== 200) throw new Error(`upload: ${res.status} ${await res.text()}`);

    const direct = new QiniuClient({ ...keys, hosts: { ...z0, rs: z1.rs, rsf: z1.rsf, api: z1.api, io: z1.io, up: z1.up[0] } });
    await resolving.stat(BUCKET, KEY);
    const rounds: Record<"direct" | "warm" | "cold", Figures>[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      rounds.push({
        direct: await measure(direct, () => undefined),
        warm: await measure(resolving, () => undefined),
        cold: await measure(resolving, () => resolving.transport.regions!.forget(BUCKET)),
      });
    }
    const best = (k: "direct" | "warm" | "cold") => rounds.map((r) => r[k]).sort((a, b) => a.median - b.median)[0];
    const row = (name: string, f: Figures) =>
      `${name.padEnd(8)} ${f.median.toFixed(3).padStart(9)} ms ${f.p95.toFixed(3).padStart(9)} ms ${f.queriesPerStat.toFixed(2).padStart(10)}`;
    console.log(`stat of a z1 object, ${N} requests x ${ROUNDS} rounds (best round by median)`);
    console.log(`${"".padEnd(8)} ${"median".padStart(12)} ${"p95".padStart(12)} ${"queries/stat".padStart(10)}`);
    console.log(row("direct", best("direct")));
    console.log(row("warm", best("warm")));
    console.log(row("cold", best("cold")));
    const w = best("warm");
    const c = best("cold");
    console.log(`warm / direct median: ${(w.median / best("direct").median).toFixed(2)}x; cold / warm: ${(c.median / w.median).toFixed(2)}x`);
    if (w.queriesPerStat !== 0) {
      console.error("FAIL: a warm stat sent a region query");
      process.exitCode = 1;
    }
  } finally {
    await emu.stop();
  }
}

void main();

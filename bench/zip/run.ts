// Zip benchmark (not part of the test suite):
//   node --require ./test/support/server-only-hook.cjs --import tsx bench/zip/run.ts [--objects 1000] [--mib 1024]
// Against a console of its own (the existing build, on the embedded emulator): N objects of (mib/N) MiB each in a
// private bucket, then, in the same run, (a) the folder's zip streamed by the console (GET /api/buckets/…/zip) and
// (b) the same objects downloaded one after another with plain HTTP through signed URLs. Prints both side by side,
// their ratio (target ≥ 0.8×), and the console's RSS growth during the zip (target < 100 MB). Exits 1 when the zip
// is incomplete; the targets are reported, not enforced (figures need a quiet machine).
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { signUploadToken } from "@/lib/qiniu/auth";
import { QiniuClient } from "@/lib/qiniu/client";
import { issueObjectUrl } from "@/server/buckets/object-links";
import { startOwnConsole } from "@/test/support/own-console";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  const env = process.env[`ZIP_BENCH_${name.toUpperCase()}`];
  return i > 0 ? Number(process.argv[i + 1]) : env ? Number(env) : fallback;
};
const OBJECTS = arg("objects", 1000);
const MIB = arg("mib", 1024);
const SIZE = Math.floor((MIB * 1024 * 1024) / OBJECTS);
const ADMIN = { email: "zip@bench.test", password: "zip-bench-password-1" };
const SECRET = "zip-bench-emulator-secret-5d2";
const BUCKET = "zip-bench";
const PREFIX = "set/";

function rssMb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** Reads a body to its end, counting bytes, without keeping them. */
async function drain(res: Response): Promise<number> {
  if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}: ${await res.text()}`);
  let n = 0;
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return n;
    n += value.byteLength;
  }
}

async function signIn(base: string): Promise<string> {
  const jar = new Map<string, string>();
  const call = async (path: string, init: RequestInit = {}) => {
    const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
    const res = await fetch(`${base}${path}`, { ...init, redirect: "manual", headers: { ...(init.headers as Record<string, string>), cookie } });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      jar.set(pair.slice(0, pair.indexOf("=")), pair.slice(pair.indexOf("=") + 1));
    }
    return res;
  };
  const { csrfToken } = (await (await call("/api/auth/csrf")).json()) as { csrfToken: string };
  const body = new URLSearchParams({ csrfToken, email: ADMIN.email, password: ADMIN.password, callbackUrl: `${base}/`, json: "true" });
  await (await call("/api/auth/callback/credentials", { method: "POST", body, headers: { "content-type": "application/x-www-form-urlencoded" } })).text();
  return [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
}

async function main() {
  console.log(`zip: ${OBJECTS} objects of ${(SIZE / 1024 / 1024).toFixed(2)} MiB (${MIB} MiB in all)`);
  const own = await startOwnConsole({
    EMULATOR_SECRET_KEY: SECRET,
    NEXTAUTH_SECRET: "zip-bench-nextauth-secret-0123456789abcdef",
    CONSOLE_ADMIN_EMAIL: ADMIN.email,
    CONSOLE_ADMIN_PASSWORD: ADMIN.password,
    EMULATOR_QUIET: "1",
  });
  try {
    const uc = own.emulatorUc();
    const info = (await (await fetch(`${uc}/__emulator`)).json()) as { endpoints: Record<"up" | "rs" | "rsf" | "api" | "uc" | "io" | "fusion", string>; accessKey: string };
    const creds = { accessKey: info.accessKey, secretKey: SECRET };
    const client = new QiniuClient({ ...creds, hosts: info.endpoints });
    await client.mkbucket(BUCKET, "z0");
    await client.setBucketPrivate(BUCKET, true);
    const domain = ((await (await fetch(`${uc}/__emulator`)).json()) as { buckets: Record<string, { domain: string }> }).buckets[BUCKET].domain;
    const keys = Array.from({ length: OBJECTS }, (_, i) => `${PREFIX}${String(Math.floor(i / 100)).padStart(3, "0")}/obj-${i}.bin`);
    const body = new Uint8Array(SIZE).map((_, i) => (i * 31) & 0xff);
    for (let i = 0; i < keys.length; i += 4) {
      await Promise.all(
        keys.slice(i, i + 4).map(async (key) => {
          const form = new FormData();
          form.set("token", signUploadToken(creds, { scope: `${BUCKET}:${key}` }, { expires: 3600 }));
          form.set("key", key);
          form.set("file", new Blob([body]), "f");
          const res = await fetch(`${info.endpoints.up}/`, { method: "POST", body: form });
          if (!res.ok) throw new Error(`upload ${key}: ${res.status}`);
          await res.arrayBuffer();
        }),
      );
    }
    const cookie = await signIn(own.baseUrl);

    // (b) plain HTTP, one object after another, as a reference from the same run
    const p0 = performance.now();
    let plainBytes = 0;
    for (const key of keys) plainBytes += await drain(await fetch(issueObjectUrl(creds, { origin: domain, private: true }, key, { expiresIn: 3600 }).url));
    const plainMs = performance.now() - p0;

    // (a) the console's zip of the folder, sampling the console's RSS meanwhile
    const nextPid = own.childPid("next")!;
    const rss0 = rssMb(nextPid);
    let rssMax = rss0;
    const sampler = setInterval(() => (rssMax = Math.max(rssMax, rssMb(nextPid))), 100);
    const z0 = performance.now();
    const zipBytes = await drain(await fetch(`${own.baseUrl}/api/buckets/${BUCKET}/zip?prefix=${encodeURIComponent(PREFIX)}`, { headers: { cookie } }));
    const zipMs = performance.now() - z0;
    clearInterval(sampler);

    const mibps = (bytes: number, ms: number) => (bytes / 1024 / 1024 / (ms / 1000)).toFixed(1);
    const ratio = plainMs / zipMs;
    console.log(`plain HTTP, sequential: ${plainBytes} bytes in ${(plainMs / 1000).toFixed(2)} s (${mibps(plainBytes, plainMs)} MiB/s)`);
    console.log(`console zip (STORE):    ${zipBytes} bytes in ${(zipMs / 1000).toFixed(2)} s (${mibps(zipBytes, zipMs)} MiB/s)`);
    console.log(`zip speed vs plain: ${ratio.toFixed(2)}× (target ≥ 0.8×) ${ratio >= 0.8 ? "ok" : "BELOW TARGET"}`);
    console.log(`console RSS: ${rss0.toFixed(0)} MB before, ${rssMax.toFixed(0)} MB at most, growth ${(rssMax - rss0).toFixed(0)} MB (target < 100 MB) ${rssMax - rss0 < 100 ? "ok" : "ABOVE TARGET"}`);
    // The archive holds every object plus headers: anything shorter means entries went missing.
    const complete = zipBytes >= plainBytes && plainBytes === SIZE * OBJECTS;
    if (!complete) console.error(`incomplete: the zip has ${zipBytes} bytes for ${plainBytes} bytes of objects`);
    await own.stop();
    process.exit(complete ? 0 : 1);
  } catch (err) {
    console.error(err);
    await own.stop();
    process.exit(1);
  }
}

void main();

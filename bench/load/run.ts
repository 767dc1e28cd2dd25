// Load run (not part of the test suite):
//   NEXT_DIST_DIR=.next-sec node --require ./test/support/server-only-hook.cjs --import tsx bench/load/run.ts [--sessions 50] [--uploads 20] [--items 10000] [--seconds 60]
// Against a console of its own (scripts/start.mjs on the embedded emulator, the existing build, loopback), all at once:
//   - N browser-style sessions, each signed in, browsing: the Buckets page, a bucket's page (HTML and RSC), listing and
//     stat'ing objects through the server actions the page uses;
//   - M concurrent uploads: tokens from the console's action, the files straight to the emulator (form upload, 1-4 MiB),
//     the emulator calling the console back;
//   - a batch job of K items through the console's batch actions (copy every object under a prefix), polled to the end.
// Samples the RSS of the console (next-server) and the emulator every 500 ms. Prints p50/p95/max per request kind.
// Exits 1 on any error, when something does not finish within --seconds, or when an RSS goes over --max-rss-mb.
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { QiniuClient } from "@/lib/qiniu/client";
import { copyOp } from "@/lib/qiniu/ops";
import { startOwnConsole } from "@/test/support/own-console";
import { builtActions, parseActionResponse, type BuiltAction } from "@/test/support/server-action-http";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const SESSIONS = arg("sessions", 50);
const UPLOADS = arg("uploads", 20);
const ITEMS = arg("items", 10_000);
const SECONDS = arg("seconds", 90);
const MAX_RSS_MB = arg("max-rss-mb", 1500);
const ADMIN = { email: "load@bench.test", password: "load-bench-password-1" };
const SECRET = "load-bench-emulator-secret-7c1";

// ---------------------------------------------------------------- measuring

const samples = new Map<string, number[]>();
const errors: string[] = [];
async function timed<T>(kind: string, fn: () => Promise<T>): Promise<T | undefined> {
  const t0 = performance.now();
  try {
    return await fn();
  } catch (e) {
    errors.push(`${kind}: ${(e as Error).message}`.slice(0, 300));
    return undefined;
  } finally {
    const list = samples.get(kind) ?? [];
    list.push(performance.now() - t0);
    samples.set(kind, list);
  }
}
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

// ---------------------------------------------------------------- a browser-ish HTTP session

class Session {
  private cookies = new Map<string, string>();
  constructor(readonly base: string) {}

  private cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  async fetch(path: string, init: RequestInit = {}): Promise<Response> {
    const res = await fetch(`${this.base}${path}`, {
      ...init,
      redirect: "manual",
      headers: { ...(init.headers as Record<string, string>), cookie: this.cookieHeader() },
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const i = pair.indexOf("=");
      this.cookies.set(pair.slice(0, i), pair.slice(i + 1));
    }
    return res;
  }

  async signIn(email: string, password: string): Promise<void> {
    const { csrfToken } = (await (await this.fetch("/api/auth/csrf")).json()) as { csrfToken: string };
    const body = new URLSearchParams({ csrfToken, email, password, callbackUrl: `${this.base}/`, json: "true" });
    const res = await this.fetch("/api/auth/callback/credentials", { method: "POST", body, headers: { "content-type": "application/x-www-form-urlencoded" } });
    const url = ((await res.json().catch(() => ({}))) as { url?: string }).url;
    if (!url || new URL(url).searchParams.get("error")) throw new Error(`sign-in failed: ${url}`);
  }

  async action<T>(a: BuiltAction, input: unknown): Promise<T> {
    const res = await this.fetch(a.page, {
      method: "POST",
      headers: { "Next-Action": a.id, "content-type": "text/plain;charset=UTF-8", accept: "text/x-component", origin: this.base },
      body: JSON.stringify([input]),
    });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`${a.exportedName}: HTTP ${res.status}`);
    const result = parseActionResponse(text) as { ok: boolean; data?: T; error?: { code: string; message: string } };
    if (!result.ok) throw new Error(`${a.exportedName}: ${result.error?.code} ${result.error?.message}`);
    return result.data as T;
  }

  async page(path: string, rsc = false): Promise<void> {
    let res = await this.fetch(path, { headers: rsc ? { RSC: "1" } : {} });
    // Next answers an RSC request without its cache-busting `_rsc` parameter with a redirect that adds it.
    const location = res.headers.get("location");
    if (rsc && res.status === 307 && location) {
      await res.arrayBuffer();
      res = await this.fetch(new URL(location, this.base).pathname + new URL(location, this.base).search, { headers: { RSC: "1" } });
    }
    const text = await res.text();
    if (res.status !== 200) throw new Error(`${path}${rsc ? " (RSC)" : ""}: HTTP ${res.status} ${res.headers.get("location") ?? ""}`);
    if (text.length < 100) throw new Error(`${path}: empty page`);
  }
}

// ---------------------------------------------------------------- main

function rssMb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

async function main() {
  console.log(`load: ${SESSIONS} sessions, ${UPLOADS} uploads, a ${ITEMS}-item batch; at most ${SECONDS} s`);
  const own = await startOwnConsole({
    EMULATOR_SECRET_KEY: SECRET,
    NEXTAUTH_SECRET: "load-bench-nextauth-secret-0123456789abcdef",
    CONSOLE_ADMIN_EMAIL: ADMIN.email,
    CONSOLE_ADMIN_PASSWORD: ADMIN.password,
    CONSOLE_LOGIN_MAX_FAILURES_PER_IP: "100000",
    EMULATOR_QUIET: "1",
  });
  const stopAll = async (code: number) => {
    await own.stop();
    process.exit(code);
  };
  try {
    // Which child is which: the emulator runs server/emulator/main.ts; the other is `next start` (and its server).
    const children = own.children();
    const emulatorPid = children.find((pid) => readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("server/emulator/main.ts"))!;
    const consolePids = () => {
      const nextPid = own.children().find((pid) => pid !== emulatorPid)!;
      return [nextPid];
    };
    const info = (await (await fetch(`${own.output().match(/uc (http:\/\/127\.0\.0\.1:\d+)/)![1]}/__emulator`)).json()) as {
      endpoints: Record<"up" | "rs" | "rsf" | "api" | "uc" | "io" | "fusion", string>;
      accessKey: string;
    };
    const qiniu = new QiniuClient({ accessKey: info.accessKey, secretKey: SECRET, hosts: info.endpoints });
    const actions = builtActions();
    const act = (name: string) => {
      const a = actions.find((x) => x.exportedName === name);
      if (!a) throw new Error(`action ${name} is not in the build`);
      return a;
    };

    // Batch source objects: ITEMS copies of one small object, made directly on the emulator.
    const bucket = "load-bench";
    await qiniu.mkbucket(bucket, "z0");
    const seedForm = new FormData();
    const admin = new Session(own.baseUrl);
    await admin.signIn(ADMIN.email, ADMIN.password);
    const [seedToken] = await admin.action<{ ok: boolean; token: string; key: string }[]>(act("issueUploadTokens"), {
      batchId: "seed",
      files: [{ id: "s", bucket, prefix: "", relativePath: "seed.txt", size: 4, mimeType: "text/plain", overwrite: true }],
    });
    seedForm.set("token", seedToken.token);
    seedForm.set("key", seedToken.key);
    seedForm.set("file", new Blob(["seed"]), "seed.txt");
    if ((await fetch(info.endpoints.up, { method: "POST", body: seedForm })).status !== 200) throw new Error("seed upload failed");
    const keys = Array.from({ length: ITEMS }, (_, i) => `src/${String(i).padStart(6, "0")}.txt`);
    for (let i = 0; i < keys.length; i += 1000) {
      const r = await qiniu.batch(keys.slice(i, i + 1000).map((k) => copyOp({ bucket, key: "seed.txt" }, { bucket, key: k }, true)));
      if (r.some((x) => x.code !== 200)) throw new Error("filling the batch source failed");
    }
    console.log(`prepared ${ITEMS} objects in ${bucket}/src/`);

    // Sessions sign in (sequentially: a login is an argon2 verification, meant to be slow).
    const sessions: Session[] = [];
    for (let i = 0; i < SESSIONS; i++) {
      const s = new Session(own.baseUrl);
      await timed("sign-in", () => s.signIn(ADMIN.email, ADMIN.password));
      sessions.push(s);
    }

    const rss = { console: 0, emulator: 0 };
    const sampler = setInterval(() => {
      rss.console = Math.max(rss.console, ...consolePids().map(rssMb));
      rss.emulator = Math.max(rss.emulator, rssMb(emulatorPid));
    }, 500);

    const deadline = Date.now() + SECONDS * 1000;
    let busy = true;

    // 1) browsing until the uploads and the batch are done
    const browsing = sessions.map(async (s, i) => {
      while (busy && Date.now() < deadline) {
        await timed("page /buckets", () => s.page("/buckets"));
        await timed("page /buckets/demo-public (RSC)", () => s.page("/buckets/demo-public?prefix=images%2F", true));
        // The reads are GET routes (server/buckets/reads.ts), no longer server actions.
        const read = async (path: string) => {
          const res = await s.fetch(path);
          if (res.status !== 200) throw new Error(`GET ${path}: HTTP ${res.status} ${(await res.text()).slice(0, 200)}`);
          await res.arrayBuffer();
        };
        await timed("GET objects (listing)", () => read(`/api/buckets/demo-public/objects?prefix=${i % 2 ? "images%2F" : ""}`));
        await timed("GET object (stat)", () => read("/api/buckets/demo-public/object?key=README.txt"));
      }
    });

    // 2) concurrent uploads (tokens from the console, files to the emulator, callbacks to the console)
    const uploading = Array.from({ length: UPLOADS }, async (_, i) => {
      const size = (1 + (i % 4)) * 1024 * 1024;
      const [t] =
        (await timed("action issueUploadTokens", () =>
          admin.action<{ ok: boolean; token: string; key: string; problem?: string }[]>(act("issueUploadTokens"), {
            batchId: `load-${i}`,
            files: [{ id: String(i), bucket, prefix: "uploads/", relativePath: `file-${i}.bin`, size, mimeType: "application/octet-stream", overwrite: true }],
          }),
        )) ?? [];
      if (!t?.ok) return void errors.push(`upload ${i}: no token (${t?.problem})`);
      await timed("upload (form, 1-4 MiB, with callback)", async () => {
        const form = new FormData();
        form.set("token", t.token);
        form.set("key", t.key);
        form.set("file", new Blob([new Uint8Array(size).fill(i)]), `file-${i}.bin`);
        const res = await fetch(info.endpoints.up, { method: "POST", body: form });
        if (res.status !== 200) throw new Error(`HTTP ${res.status} ${(await res.text()).slice(0, 200)}`);
      });
    });

    // 3) the batch job through the console
    const batching = (async () => {
      const op = { op: "copy", targetBucket: bucket, pattern: { kind: "prefix", from: "src/", to: "dst/" }, overwrite: false };
      const created = await timed("action createBatchJob", () =>
        admin.action<{ jobId: string }>(act("createBatchJob"), { kind: "prefix", bucket, prefix: "src/", operation: op }),
      );
      if (!created) return;
      const ref = { jobId: created.jobId, bucket, prefix: "src/" };
      const poll = async (until: (s: string) => boolean) => {
        for (;;) {
          const res = await timed("GET /api/batch/jobs/:id", () =>
            admin.fetch(`/api/batch/jobs/${created.jobId}`).then((r) => r.json() as Promise<{ data?: { job?: { status: string }; status?: string } }>),
          );
          const status = res?.data?.job?.status ?? res?.data?.status ?? "?";
          if (until(status)) return status;
          if (Date.now() > deadline) throw new Error(`batch still ${status} at the deadline`);
          await new Promise((r) => setTimeout(r, 500));
        }
      };
      const planned = await poll((s) => !["draft", "listing", "checking"].includes(s));
      if (planned !== "planned") return void errors.push(`batch: planning ended as ${planned}`);
      await timed("action startBatchJob", () => admin.action(act("startBatchJob"), ref));
      const t0 = performance.now();
      const final = await poll((s) => !["planned", "running", "cancelling"].includes(s));
      if (final !== "done") errors.push(`batch ended as ${final}`);
      console.log(`batch of ${ITEMS} items: ${final} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    })().catch((e: Error) => void errors.push(`batch: ${e.message}`));

    await Promise.all([...uploading, batching]);
    busy = false;
    await Promise.all(browsing);
    clearInterval(sampler);

    // Results
    const dst = new Set<string>();
    for await (const page of qiniu.listAll({ bucket, prefix: "dst/" })) for (const item of page.items) dst.add(item.key);
    if (dst.size !== ITEMS) errors.push(`batch: ${dst.size} of ${ITEMS} copies exist`);
    const uploaded = new Set<string>();
    for await (const page of qiniu.listAll({ bucket, prefix: "uploads/" })) for (const item of page.items) uploaded.add(item.key);
    if (uploaded.size !== UPLOADS) errors.push(`uploads: ${uploaded.size} of ${UPLOADS} objects exist`);

    console.log("\nkind                                         n      p50 ms   p95 ms   max ms");
    for (const [kind, list] of samples) {
      const sorted = [...list].sort((a, b) => a - b);
      console.log(
        `${kind.padEnd(42)} ${String(sorted.length).padStart(5)} ${pct(sorted, 50).toFixed(0).padStart(8)} ${pct(sorted, 95).toFixed(0).padStart(8)} ${sorted.at(-1)!.toFixed(0).padStart(8)}`,
      );
    }
    console.log(`\npeak RSS: console ${rss.console.toFixed(0)} MiB, emulator ${rss.emulator.toFixed(0)} MiB (limit ${MAX_RSS_MB} MiB each)`);
    if (rss.console > MAX_RSS_MB || rss.emulator > MAX_RSS_MB) errors.push("RSS over the limit");
    if (Date.now() > deadline) errors.push(`did not finish within ${SECONDS} s`);
    console.log(errors.length ? `\nFAILED: ${errors.length} errors\n${[...new Set(errors)].slice(0, 20).join("\n")}` : "\nOK: no errors");
    await stopAll(errors.length ? 1 : 0);
  } catch (e) {
    console.error(e);
    console.error(own.output().slice(-3000));
    await stopAll(1);
  }
}

main();

// Reads benchmark (issue 19; not part of the test suite):
//   node --require ./test/support/server-only-hook.cjs --import tsx bench/reads/run.ts
// Against a console of its own (the existing build, on the embedded emulator), in one run:
// (a) a bucket page's reads — the listing, 20 grid thumbnails (the signed-URL GET per grid row of 4, then each image
//     through imageView2) and the object details — each alone (the slowest single read is the reference), added up
//     (what they cost when they queue, as server actions did), and all at once over GET. Prints total ÷ slowest
//     (target ≤ 1.3×).
// (b) the emulator SIGSTOPped (accepts connections, never answers): in Chromium, navigation between pages that need
//     no Qiniu data (target < 1 s each, beside the same navigation with the emulator running), and a Qiniu panel's
//     timeout error (target ≤ QINIU_READ_TIMEOUT_MS + 1 s, beside the timeout itself).
// Figures are reported, not enforced (they need a quiet machine); exits 1 only when a read fails.
import { performance } from "node:perf_hooks";
import { chromium, type Page } from "@playwright/test";
import sharp from "sharp";
import { signUploadToken } from "@/lib/qiniu/auth";
import { QiniuClient } from "@/lib/qiniu/client";
import { startOwnConsole } from "@/test/support/own-console";

const ADMIN = { email: "reads@bench.test", password: "reads-bench-password-1" };
const SECRET = "reads-bench-emulator-secret-8e4";
const BUCKET = "reads-bench";
const THUMBS = 20;
const ROW = 4;
const TIMEOUT_MS = Number(process.env.READS_BENCH_TIMEOUT_MS ?? 3000);
const ROUNDS = Number(process.env.READS_BENCH_ROUNDS ?? 5);
/** Pages of the navigation tour whose server render asks Qiniu (the others need only the console's database). */
const NEEDS_QINIU = new Set(["/upload"]);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (n: number) => `${n.toFixed(0)} ms`.padStart(8);

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
  const own = await startOwnConsole({
    EMULATOR_SECRET_KEY: SECRET,
    NEXTAUTH_SECRET: "reads-bench-nextauth-secret-0123456789abcdef",
    CONSOLE_ADMIN_EMAIL: ADMIN.email,
    CONSOLE_ADMIN_PASSWORD: ADMIN.password,
    QINIU_READ_TIMEOUT_MS: String(TIMEOUT_MS),
    EMULATOR_QUIET: "1",
  });
  let failed = false;
  try {
    const uc = own.emulatorUc();
    const info = (await (await fetch(`${uc}/__emulator`)).json()) as {
      endpoints: Record<"up" | "rs" | "rsf" | "api" | "uc" | "io" | "fusion", string>;
      accessKey: string;
    };
    const creds = { accessKey: info.accessKey, secretKey: SECRET };
    const client = new QiniuClient({ ...creds, hosts: info.endpoints });
    await client.mkbucket(BUCKET, "z0");
    await client.setBucketPrivate(BUCKET, true);
    const keys = Array.from({ length: THUMBS }, (_, i) => `grid/img-${String(i).padStart(2, "0")}.png`);
    for (const [i, key] of keys.entries()) {
      const png = await sharp({ create: { width: 640, height: 480, channels: 3, background: { r: (i * 37) % 256, g: 90, b: 160 } } })
        .png()
        .toBuffer();
      const form = new FormData();
      form.set("token", signUploadToken(creds, { scope: `${BUCKET}:${key}` }, { expires: 3600 }));
      form.set("key", key);
      form.set("file", new Blob([new Uint8Array(png)]), "f.png");
      const res = await fetch(`${info.endpoints.up}/`, { method: "POST", body: form });
      if (!res.ok) throw new Error(`upload ${key}: ${res.status}`);
      await res.arrayBuffer();
    }
    const cookie = await signIn(own.baseUrl);
    const api = async (path: string): Promise<unknown> => {
      const res = await fetch(`${own.baseUrl}${path}`, { headers: { cookie } });
      const body = (await res.json()) as { ok: boolean; data?: unknown; error?: unknown };
      if (!body.ok) throw new Error(`GET ${path}: ${res.status} ${JSON.stringify(body.error)}`);
      return body.data;
    };
    const image = async (url: string) => {
      const res = await fetch(url);
      if (!res.ok) throw new Error(`thumbnail ${url}: ${res.status}`);
      await res.arrayBuffer();
    };
    const b = encodeURIComponent(BUCKET);
    const listing = () => api(`/api/buckets/${b}/objects?prefix=grid%2F`);
    const details = () => api(`/api/buckets/${b}/object?key=${encodeURIComponent(keys[0])}`);
    const rows = Array.from({ length: THUMBS / ROW }, (_, r) => keys.slice(r * ROW, r * ROW + ROW));
    const thumbRow = async (row: string[]) => {
      const urls = (await api(`/api/buckets/${b}/thumbnails?${row.map((k) => `keys[]=${encodeURIComponent(k)}`).join("&")}`)) as Record<string, string>;
      await Promise.all(row.map((k) => image(urls[k])));
    };
    const oneThumb = async (key: string) =>
      image(((await api(`/api/buckets/${b}/thumbnails?keys[]=${encodeURIComponent(key)}`)) as Record<string, string>)[key]);
    const timed = async (fn: () => Promise<unknown>) => {
      const t0 = performance.now();
      await fn();
      return performance.now() - t0;
    };
    // Warm up: compiled routes, cached bucket facts, the emulator's image path.
    await listing();
    await details();
    await thumbRow(rows[0]);

    const singles = { listing: [] as number[], thumbnail: [] as number[], details: [] as number[] };
    const together: number[] = [];
    const added: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const l = await timed(listing);
      const perThumb: number[] = [];
      for (const k of keys) perThumb.push(await timed(() => oneThumb(k)));
      const d = await timed(details);
      singles.listing.push(l);
      singles.thumbnail.push(Math.max(...perThumb));
      singles.details.push(d);
      added.push(l + perThumb.reduce((s, x) => s + x, 0) + d);
      together.push(await timed(() => Promise.all([listing(), ...rows.map(thumbRow), details()])));
    }
    const slowest = Math.max(median(singles.listing), median(singles.thumbnail), median(singles.details));
    const total = median(together);
    console.log(
      `(a) a bucket page's reads: listing + ${THUMBS} thumbnails (${rows.length} URL reads of ${ROW}, ${THUMBS} images) + details; medians of ${ROUNDS} rounds`,
    );
    console.log(
      `    listing alone ${ms(median(singles.listing))} | slowest thumbnail alone ${ms(median(singles.thumbnail))} | details alone ${ms(median(singles.details))}`,
    );
    console.log(`    reference: slowest single read ${ms(slowest)} | added up (queued one after another) ${ms(median(added))}`);
    console.log(
      `    all at once over GET          ${ms(total)}  → ${(total / slowest).toFixed(2)}× the slowest single read (target ≤ 1.3×) ${total / slowest <= 1.3 ? "ok" : "ABOVE TARGET"}`,
    );

    // (b) Qiniu stopped
    const browser = await chromium.launch({
      executablePath: "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic"],
    });
    try {
      const context = await browser.newContext({ baseURL: own.baseUrl });
      const [name, value] = cookie
        .split("; ")
        .find((c) => c.startsWith("next-auth.session-token="))!
        .split(/=(.*)/s);
      await context.addCookies([{ name, value, url: own.baseUrl }]);
      const page = await context.newPage();
      const navPages = ["/users", "/audit", "/upload"];
      const titles = new Map<string, string>();
      for (const path of navPages) {
        await page.goto(path);
        titles.set(path, (await page.locator("main h1").first().textContent()) ?? "");
      }
      // A click on the sidebar link until the new page's heading shows (client-side navigation, as a user does it).
      const navigate = async (p: Page, path: string) => {
        const t0 = performance.now();
        await p.locator(`nav a[href="${path}"]`).first().click();
        await p
          .locator("main h1", { hasText: titles.get(path)! })
          .first()
          .waitFor();
        return performance.now() - t0;
      };
      const tour = async () => {
        await page.goto(navPages[0]);
        await page.locator("main h1").first().waitFor();
        const out: number[] = [];
        for (const path of [...navPages.slice(1), navPages[0]]) out.push(await navigate(page, path));
        return out;
      };
      await tour();
      const running = await tour();
      // Open the bucket page (and its details panel target) while Qiniu answers, then stop it.
      await page.goto(`/buckets/${b}?prefix=grid%2F`);
      const row = page.locator(`[data-key="${keys[1]}"]`);
      await row.waitFor();
      const emulator = own.childPid("emulator")!;
      process.kill(emulator, "SIGSTOP");
      let stopped: number[] = [];
      let panelMs = 0;
      try {
        const t0 = performance.now();
        await row.getByTestId("row-name").click();
        await page
          .getByTestId("details-panel")
          .getByTestId("query-timeout")
          .waitFor({ timeout: TIMEOUT_MS + 10_000 });
        panelMs = performance.now() - t0;
        stopped = await tour();
      } finally {
        process.kill(emulator, "SIGCONT");
      }
      console.log(`(b) emulator SIGSTOPped; read timeout QINIU_READ_TIMEOUT_MS = ${TIMEOUT_MS} ms`);
      navPages.forEach((p, i) => {
        const to = [...navPages.slice(1), navPages[0]][i];
        // /upload reads the buckets' upload hosts from Qiniu while it renders: it may wait up to the timeout, no longer.
        const target = NEEDS_QINIU.has(to) ? TIMEOUT_MS + 1000 : 1000;
        const what = NEEDS_QINIU.has(to) ? "needs Qiniu, target ≤ timeout + 1 s" : "needs no Qiniu data, target < 1000 ms";
        console.log(
          `    navigate ${p} → ${to}: ${ms(stopped[i])} stopped | ${ms(running[i])} running (${what}) ${stopped[i] < target ? "ok" : "ABOVE TARGET"}`,
        );
      });
      console.log(
        `    details panel's timeout error shown after ${ms(panelMs)} | the timeout ${ms(TIMEOUT_MS)} (target ≤ ${TIMEOUT_MS + 1000} ms) ${panelMs <= TIMEOUT_MS + 1000 ? "ok" : "ABOVE TARGET"}`,
      );
    } finally {
      await browser.close();
    }
  } catch (err) {
    console.error(err);
    failed = true;
  }
  await own.stop();
  process.exit(failed ? 1 : 0);
}

void main();

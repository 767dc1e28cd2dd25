// CDN dashboard render benchmark (issue 21; not part of the test suite):
//   node --require ./test/support/server-only-hook.cjs --import tsx bench/cdn-render/run.ts   (or `npm run bench -- cdn-render`)
// A console of its own on the embedded emulator whose data directory first gets 10 extra buckets (10 CDN domains) with
// 30 days of seeded traffic. In Debian chromium, the CDN page with those 10 domains × 30 days × 5 minutes (8640 points
// per domain): how long from the moment the `/api/cdn/traffic` response has arrived in the browser (its Resource Timing
// `responseEnd`) to the first animation frame on which both charts have drawn every domain's area (target < 1 s),
// beside references from the same run: the same page with 1 domain × today, and the browser's JSON.parse of the big
// response. Figures are reported, not enforced (they need a quiet machine); exits 1 only when something fails.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type Page, type Response } from "@playwright/test";
import { startEmulator } from "@/server/emulator/emulator";
import { parseOptions } from "@/server/emulator/options";
import { startOwnConsole } from "@/test/support/own-console";

const ADMIN = { email: "render@bench.test", password: "render-bench-password-1" };
const DOMAINS = 10;
const DAYS = 30;
const ROUNDS = Number(process.env.CDN_RENDER_BENCH_ROUNDS ?? 3);
// A fixed emulator port keeps the buckets' domains (host:port) the same between the seeding and the console's start.
const CONSOLE_PORT = Number(process.env.CDN_RENDER_BENCH_PORT ?? 26500);
const EMULATOR_PORT = CONSOLE_PORT + 20;
const BUCKETS = Array.from({ length: DOMAINS }, (_, i) => `cdn-render-${String(i).padStart(2, "0")}`);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (n: number) => `${n.toFixed(0)} ms`.padStart(8);

/** Creates the buckets in the emulator's data directory and seeds their 30 days of traffic; returns their domains. */
async function seedDomains(home: string): Promise<string[]> {
  const emulator = await startEmulator(
    parseOptions(["--data-dir", path.join(home, "emulator"), "--port", String(EMULATOR_PORT), "--quiet"], { EMULATOR_QUIET: "1" }),
  );
  try {
    const domains: string[] = [];
    for (const b of BUCKETS) domains.push(...(await emulator.core.createBucket(b, "z0", false)).domains);
    const t0 = Date.now();
    emulator.core.fusion.seedHistory(domains, DAYS);
    console.log(`seeded ${DAYS} days of traffic for ${domains.length} domains in ${Date.now() - t0} ms`);
    return domains;
  } finally {
    await emulator.close();
  }
}

interface Measure {
  /** responseEnd of the traffic GET → the first frame with every area drawn, in the page's clock. */
  render: number;
  /** The browser's JSON.parse of the same response body. */
  parse: number;
  points: number;
}

/**
 * Runs `act` (a click that changes the query) and measures the render of the traffic GET it causes: waits for the
 * response, then polls on every animation frame until both charts draw `domains` areas for the response's points.
 */
async function measure(page: Page, domains: number, days: "one" | "many", act: () => Promise<void>): Promise<Measure> {
  // The GET of this query (a late answer to an earlier toggle does not count): its domains, 5 minutes, its range.
  const ours = (r: Response) => {
    const q = new URL(r.url()).searchParams;
    return (
      new URL(r.url()).pathname === "/api/cdn/traffic" &&
      q.getAll("domains[]").length === domains &&
      q.get("granularity") === "5min" &&
      (q.get("startDate") === q.get("endDate")) === (days === "one")
    );
  };
  const [response] = await Promise.all([page.waitForResponse(ours), act()]);
  const body = (await response.json()) as { ok: boolean; data: { flux: { time: string[] } } };
  if (!body.ok) throw new Error(`GET ${response.url()}: ${response.status()}`);
  const points = body.data.flux.time.length;
  const renderedAt = await page.waitForFunction(
    ({ points, domains }) => {
      const panel = document.querySelector(`[data-testid=cdn-traffic][data-points="${points}"]`);
      const figures = panel ? [...panel.querySelectorAll("figure")] : [];
      const drawn = figures.length === 2 && figures.every((f) => f.querySelectorAll("path.recharts-area-area").length === domains);
      return drawn ? performance.now() : false;
    },
    { points, domains },
    { polling: "raf", timeout: 60_000 },
  );
  const url = response.url();
  const timing = await page.evaluate(async (url) => {
    const entry = performance
      .getEntriesByType("resource")
      .filter((e) => e.name === url)
      .at(-1) as PerformanceResourceTiming | undefined;
    const text = await (await fetch(url, { headers: { Accept: "application/json" }, cache: "no-store" })).text();
    const t0 = performance.now();
    JSON.parse(text);
    return { responseEnd: entry?.responseEnd ?? NaN, parse: performance.now() - t0 };
  }, url);
  return { render: ((await renderedAt.jsonValue()) as number) - timing.responseEnd, parse: timing.parse, points };
}

async function main() {
  const home = mkdtempSync(path.join(os.tmpdir(), "cdn-render-bench-"));
  let failed = false;
  let own: Awaited<ReturnType<typeof startOwnConsole>> | undefined;
  try {
    const domains = await seedDomains(home);
    own = await startOwnConsole(
      {
        EMULATOR_PORT: String(EMULATOR_PORT),
        NEXTAUTH_SECRET: "cdn-render-bench-nextauth-secret-0123456789",
        CONSOLE_ADMIN_EMAIL: ADMIN.email,
        CONSOLE_ADMIN_PASSWORD: ADMIN.password,
        EMULATOR_QUIET: "1",
      },
      { home, port: CONSOLE_PORT, timeoutMs: 240_000 },
    );
    const browser = await chromium.launch({
      executablePath: "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    });
    try {
      const context = await browser.newContext({ baseURL: own.baseUrl, viewport: { width: 1440, height: 900 } });
      const page = await context.newPage();
      // Signed in over HTTP the way next-auth's client does; the session cookie lands in the context's jar.
      const { csrfToken } = (await (await page.request.get("/api/auth/csrf")).json()) as { csrfToken: string };
      await page.request.post("/api/auth/callback/credentials", {
        form: { csrfToken, email: ADMIN.email, password: ADMIN.password, callbackUrl: `${own.baseUrl}/`, json: "true" },
        maxRedirects: 0,
      });
      const small: Measure[] = [];
      const big: Measure[] = [];
      for (let r = 0; r < ROUNDS; r++) {
        await page.goto("/cdn");
        const picker = page.getByTestId("cdn-domain-picker");
        await page.getByTestId("cdn-traffic").waitFor();
        // None, then the first bench domain alone: 1 domain × today at 5 minutes (the reference).
        await picker.locator("label").first().locator("input").uncheck();
        small.push(await measure(page, 1, "one", () => picker.locator("label", { hasText: domains[0] }).locator("input").check()));
        for (const d of domains.slice(1)) {
          await Promise.all([
            page.waitForResponse((res) => res.url().includes("/api/cdn/traffic")),
            picker.locator("label", { hasText: d }).locator("input").check(),
          ]);
        }
        await Promise.all([page.waitForResponse((res) => res.url().includes("/api/cdn/traffic")), page.getByTestId("cdn-preset-30d").click()]);
        await page.getByTestId("cdn-traffic").waitFor();
        big.push(
          await measure(page, DOMAINS, "many", () =>
            page
              .getByTestId("cdn-granularity")
              .selectOption("5min")
              .then(() => undefined),
          ),
        );
      }
      const bigRender = median(big.map((m) => m.render));
      const smallRender = median(small.map((m) => m.render));
      const parse = median(big.map((m) => m.parse));
      console.log(`CDN traffic dashboard in chromium, response arrived → both charts drawn; medians of ${ROUNDS} rounds`);
      console.log(
        `    rounds: 1 domain ${small.map((m) => m.render.toFixed(0)).join(", ")} ms | ${DOMAINS} domains ${big.map((m) => m.render.toFixed(0)).join(", ")} ms`,
      );
      console.log(`    reference: 1 domain × today (${small[0].points} points)     ${ms(smallRender)}`);
      console.log(`    reference: JSON.parse of the 10-domain response      ${ms(parse)}`);
      console.log(
        `    ${DOMAINS} domains × ${DAYS} days × 5 min (${big[0].points} points each) ${ms(bigRender)}  → ${(bigRender / smallRender).toFixed(2)}× the 1-domain day, ` +
          `${(bigRender / parse).toFixed(1)}× its JSON.parse (target < 1000 ms) ${bigRender < 1000 ? "ok" : "ABOVE TARGET"}`,
      );
    } finally {
      await browser.close();
    }
  } catch (err) {
    failed = true;
    console.error(err);
    if (own) console.error(own.output().slice(-3000));
  } finally {
    await own?.stop();
    rmSync(home, { recursive: true, force: true });
  }
  process.exit(failed ? 1 : 0);
}

void main();

// Security headers (issue #17, finding 9): every page carries a nonce'd Content-Security-Policy under which the console
// runs without a single violation, every response (API routes and static files too) carries the static headers, and a
// page on another origin cannot frame the signed-in console.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test, type APIResponse, type Page, type Response } from "@playwright/test";
import { E2E_ADMIN } from "../support/e2e-env";
import { e2eBaseUrl, signInOverHttp } from "../support/e2e-login";

const base = e2eBaseUrl();
const CONSOLE_PAGES = ["/buckets", "/buckets/demo-public", "/buckets/demo-private", "/upload", "/cdn", "/processing", "/batch", "/users", "/audit", "/account"];

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .map(([name, ...values]) => [name.toLowerCase(), values]),
  );
}

/** The headers every response must carry, pages, API routes and static files alike. */
function expectStaticHeaders(headers: Record<string, string>, what: string) {
  expect(headers["x-content-type-options"], what).toBe("nosniff");
  expect(headers["x-frame-options"], what).toBe("DENY");
  expect(headers["referrer-policy"], what).toMatch(/^(strict-origin-when-cross-origin|strict-origin|same-origin|no-referrer)$/);
  expect(headers["permissions-policy"], what).toMatch(/camera=\(\)/);
  expect(headers["content-security-policy"], what).toMatch(/frame-ancestors 'none'/);
}

/** The page policy: scripts by nonce only, and the directives the issue names. Returns the nonce. */
function expectPagePolicy(res: Response | APIResponse, what: string): string {
  const headers = res.headers();
  expectStaticHeaders(headers, what);
  // next.config.js's static policy may arrive beside the page's own (the browser enforces each): take the page's
  const policies = headers["content-security-policy"].split(/\n|, (?=[a-z-]+ )/).map(directives);
  const policy = policies.find((p) => p.has("script-src")) ?? new Map<string, string[]>();
  const script = policy.get("script-src") ?? [];
  expect(script, what).not.toContain("'unsafe-inline'");
  expect(script, what).not.toContain("'unsafe-eval'");
  const nonce = script.find((v) => v.startsWith("'nonce-"));
  expect(nonce, `${what}: script nonce`).toBeTruthy();
  expect(policy.get("object-src"), what).toEqual(["'none'"]);
  expect(policy.get("base-uri"), what).toEqual(["'self'"]);
  expect(policy.get("form-action"), what).toEqual(["'self'"]);
  expect(policy.get("frame-ancestors"), what).toEqual(["'none'"]);
  return nonce!;
}

/** Collects CSP violations (the DOM event) and the console's CSP complaints from the moment a page starts. */
async function watchViolations(page: Page): Promise<string[]> {
  const seen: string[] = [];
  await page.exposeFunction("__cspViolation", (text: string) => seen.push(text));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      (window as unknown as { __cspViolation: (t: string) => void }).__cspViolation(
        `${location.pathname}: ${e.violatedDirective} ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}`,
      );
    });
  });
  page.on("console", (m) => {
    if (m.type() === "error" && /Content Security Policy|Refused to (load|execute|apply|connect|frame)/i.test(m.text())) seen.push(m.text());
  });
  return seen;
}

test("the login page and every console page load under the CSP without a violation", async ({ page }) => {
  test.setTimeout(120_000);
  const violations = await watchViolations(page);
  await page.emulateMedia({ colorScheme: "dark" });
  const login = await page.goto("/login", { waitUntil: "networkidle" });
  const first = expectPagePolicy(login!, "/login");
  await expect(page.getByTestId("login-submit")).toBeEnabled();
  const again = await page.goto("/login", { waitUntil: "networkidle" });
  expect(expectPagePolicy(again!, "/login"), "a fresh nonce per response").not.toBe(first);
  // the inline theme script in <head> ran (only its nonce lets it): it set the system's dark theme
  await expect(page.locator("html")).toHaveClass(/(^|\s)dark(\s|$)/);
  await page.getByTestId("login-email").fill(E2E_ADMIN.email);
  await page.getByTestId("login-password").fill(E2E_ADMIN.password);
  await page.getByTestId("login-submit").click();
  await expect(page).toHaveURL(`${base}/buckets`);
  for (const path of CONSOLE_PAGES) {
    const res = await page.goto(path, { waitUntil: "networkidle" });
    expect(res?.status(), path).toBe(200);
    expectPagePolicy(res!, path);
    await expect(page.getByTestId("current-user"), path).toBeVisible();
  }
  // client-side navigation and react-query fetches run under the same policy
  await page.getByTestId("sidebar").getByRole("link").first().click();
  await page.waitForLoadState("networkidle");
  expect(violations).toEqual([]);
});

test("API responses, redirects and static files carry the static headers", async ({ playwright }) => {
  const api = await playwright.request.newContext();
  for (const path of ["/api/health", "/api/auth/csrf", "/api/auth/session", "/api/audit/export"]) {
    expectStaticHeaders((await api.get(`${base}${path}`, { maxRedirects: 0 })).headers(), path);
  }
  const redirect = await api.get(`${base}/buckets`, { maxRedirects: 0 });
  expect(redirect.status()).toBe(307);
  expectStaticHeaders(redirect.headers(), "redirect to /login");
  const html = await (await api.get(`${base}/login`)).text();
  const scripts = [...html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)].map((m) => m[1]);
  expect(scripts.length).toBeGreaterThan(0);
  const asset = await api.get(new URL(scripts[0], base).href);
  expect(asset.status()).toBe(200);
  expectStaticHeaders(asset.headers(), scripts[0]);
  // over https (behind a TLS-terminating proxy) the browser is told to stay on https
  const https = await api.get(`${base}/login`, { headers: { "X-Forwarded-Proto": "https" } });
  expect(https.headers()["strict-transport-security"]).toMatch(/max-age=\d{7,}/);
  expect((await api.get(`${base}/login`)).headers()["strict-transport-security"]).toBeUndefined();
  await api.dispose();
});

test("a page on another origin cannot frame the signed-in console", async ({ page }) => {
  expect(await signInOverHttp(page.request, E2E_ADMIN)).toEqual({ ok: true });
  const attacker = http.createServer((_req, res) => {
    res.setHeader("Content-Type", "text/html");
    res.end(
      `<!doctype html><title>attacker</title>` +
        `<iframe id="console" src="${base}/buckets" onload="document.body.dataset.consoleLoaded='1'"></iframe>` +
        `<iframe id="login" src="${base}/login" onload="document.body.dataset.loginLoaded='1'"></iframe>`,
    );
  });
  await new Promise<void>((resolve) => attacker.listen(0, "127.0.0.1", resolve));
  try {
    const refused: string[] = [];
    page.on("console", (m) => {
      if (/frame-ancestors|Refused to (display|frame)/i.test(m.text())) refused.push(m.text());
    });
    await page.goto(`http://127.0.0.1:${(attacker.address() as AddressInfo).port}/`);
    // both frames have finished (with the browser's error page when refused)
    await expect(page.locator("body")).toHaveAttribute("data-console-loaded", "1");
    await expect(page.locator("body")).toHaveAttribute("data-login-loaded", "1");
    const consoleFrames = page.frames().filter((f) => f.url().startsWith(base));
    expect(consoleFrames.map((f) => f.url())).toEqual([]);
    await expect(page.frameLocator("#console").getByTestId("current-user")).toHaveCount(0);
    await expect(page.frameLocator("#login").getByTestId("login-form")).toHaveCount(0);
    expect(refused.length).toBeGreaterThan(0);
  } finally {
    attacker.close();
  }
});

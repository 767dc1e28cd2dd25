// The login page's callbackUrl cannot send anyone off the console (issue #17, finding 3), and crafted callbackUrls get
// a 4xx, never a 500 (finding 12). Real chromium: the browser's own URL clean-up (dropping tabs and newlines, `\` → `/`)
// is what turned `/\t/evil.example/` into a trip to another site.
import { expect, test, type BrowserContext, type Page } from "@playwright/test";
import { E2E_ADMIN } from "../support/e2e-env";
import { e2eBaseUrl, signInOverHttp } from "../support/e2e-login";

const base = e2eBaseUrl();
const HOSTILE = [
  "/\t/evil.example/",
  "/\n/evil.example/",
  "/\r\n/evil.example/",
  "/\\evil.example/",
  "/\\/evil.example/",
  "//evil.example/",
  " //evil.example/",
  "https://evil.example/",
  "javascript:alert(document.domain)",
];

/** Records (and answers) every request that would leave for the attacker's host. */
async function watchEvil(context: BrowserContext): Promise<string[]> {
  const hits: string[] = [];
  await context.route(/^[a-z]+:\/\/evil\.example/i, (route) => {
    hits.push(route.request().url());
    return route.fulfill({ status: 200, contentType: "text/html", body: "<h1>evil</h1>" });
  });
  return hits;
}

async function signInThroughForm(page: Page, callbackUrl: string) {
  await page.goto(`/login?callbackUrl=${encodeURIComponent(callbackUrl)}`);
  await page.getByTestId("login-email").fill(E2E_ADMIN.email);
  await page.getByTestId("login-password").fill(E2E_ADMIN.password);
  await page.getByTestId("login-submit").click();
}

test("signing in through the form with a hostile callbackUrl stays on the console", async ({ browser }) => {
  test.setTimeout(120_000);
  for (const callbackUrl of HOSTILE) {
    const context = await browser.newContext({ baseURL: base });
    const hits = await watchEvil(context);
    const page = await context.newPage();
    await signInThroughForm(page, callbackUrl);
    await expect(page, JSON.stringify(callbackUrl)).toHaveURL(`${base}/buckets`);
    await expect(page.getByTestId("current-user")).toBeVisible();
    expect(hits, JSON.stringify(callbackUrl)).toEqual([]);
    await context.close();
  }
});

test("the issue's own link, as typed, stays on the console", async ({ browser }) => {
  const context = await browser.newContext({ baseURL: base });
  const hits = await watchEvil(context);
  const page = await context.newPage();
  await page.goto("/login?callbackUrl=/%09/evil.example/");
  await page.getByTestId("login-email").fill(E2E_ADMIN.email);
  await page.getByTestId("login-password").fill(E2E_ADMIN.password);
  await page.getByTestId("login-submit").click();
  await expect(page).toHaveURL(`${base}/buckets`);
  // and once signed in, the same link again
  await page.goto("/login?callbackUrl=/%09/evil.example/");
  await expect(page).toHaveURL(`${base}/buckets`);
  expect(hits).toEqual([]);
  await context.close();
});

test("a signed-in visitor of the login page with a hostile callbackUrl stays on the console", async ({ browser }) => {
  const context = await browser.newContext({ baseURL: base });
  const hits = await watchEvil(context);
  expect(await signInOverHttp(context.request, E2E_ADMIN)).toEqual({ ok: true });
  const page = await context.newPage();
  for (const callbackUrl of HOSTILE) {
    await page.goto(`/login?callbackUrl=${encodeURIComponent(callbackUrl)}`);
    await expect(page, JSON.stringify(callbackUrl)).toHaveURL(`${base}/buckets`);
  }
  // a same-origin path still works
  await page.goto(`/login?callbackUrl=${encodeURIComponent("/cdn?tab=refresh")}`);
  await expect(page).toHaveURL(`${base}/cdn?tab=refresh`);
  expect(hits).toEqual([]);
  await context.close();
});

test("single sign-on with a hostile callbackUrl comes back to the console", async ({ browser }) => {
  const context = await browser.newContext({ baseURL: base });
  const hits = await watchEvil(context);
  const page = await context.newPage();
  await page.goto(`/login?callbackUrl=${encodeURIComponent("/\t/evil.example/")}`);
  await page.getByTestId("login-sso").click();
  await page.getByTestId("idp-email").fill(E2E_ADMIN.email);
  await page.getByTestId("idp-submit").click();
  await expect(page).toHaveURL(`${base}/buckets`);
  expect(hits).toEqual([]);
  await context.close();
});

test("crafted callbackUrls get a clear 4xx or a same-origin redirect, never a 500", async ({ playwright }) => {
  const api = await playwright.request.newContext();
  expect(await signInOverHttp(api, E2E_ADMIN)).toEqual({ ok: true });
  // the login page, signed in: a redirect whose Location is a clean same-origin path
  for (const callbackUrl of ["/a\r\nSet-Cookie: x=1", "/桶/键?q=é", "\r\n", "/\u0000", "%", "http://[::1"]) {
    const res = await api.get(`${base}/login?callbackUrl=${encodeURIComponent(callbackUrl)}`, { maxRedirects: 0 });
    expect(res.status(), JSON.stringify(callbackUrl)).toBeGreaterThanOrEqual(300);
    expect(res.status(), JSON.stringify(callbackUrl)).toBeLessThan(500);
    const location = res.headers()["location"] ?? "";
    expect(new URL(location, base).origin, JSON.stringify(callbackUrl)).toBe(base);
    expect(location).toMatch(/^[\x21-\x7e]+$/);
  }
  // next-auth's own endpoints refuse what they cannot parse with a 400 and a message, not "server configuration" 500
  for (const callbackUrl of ["foo\r\nbar", "\r\n", "javascript:alert(1)"]) {
    for (const path of ["/api/auth/signin", "/api/auth/session", "/api/auth/providers"]) {
      const res = await api.get(`${base}${path}?callbackUrl=${encodeURIComponent(callbackUrl)}`, { maxRedirects: 0 });
      expect(res.status(), `${path} ${JSON.stringify(callbackUrl)}`).toBe(400);
      expect(((await res.json()) as { message: string }).message).toMatch(/callbackUrl/);
    }
  }
  // a callback cookie next-auth cannot parse is cleared with a 400 instead of breaking every auth call with a 500
  const jar = await playwright.request.newContext({ extraHTTPHeaders: { Cookie: "next-auth.callback-url=foo%0Abar" } });
  const bad = await jar.get(`${base}/api/auth/session`);
  expect(bad.status()).toBe(400);
  expect(bad.headers()["set-cookie"]).toMatch(/next-auth\.callback-url=;.*Max-Age=0/);
  await jar.dispose();
  // the credentials and sign-in POSTs run our redirect callback, which never throws "Invalid URL"
  const { csrfToken } = (await (await api.get(`${base}/api/auth/csrf`)).json()) as { csrfToken: string };
  for (const [callbackUrl, path] of [
    ["foo", "/foo"],
    ["\r\n", "/"],
    ["http://[::1", "/"],
    ["/\t/evil.example/", "/"],
    ["https://evil.example/x", "/"],
  ]) {
    const res = await api.post(`${base}/api/auth/callback/credentials`, {
      form: { csrfToken, email: E2E_ADMIN.email, password: E2E_ADMIN.password, callbackUrl, json: "true" },
      maxRedirects: 0,
    });
    expect(res.status(), JSON.stringify(callbackUrl)).toBe(200);
    const { url } = (await res.json()) as { url: string };
    expect(new URL(url).origin).toBe(base);
    expect(new URL(url).pathname).toBe(path);
  }
  await api.dispose();
});

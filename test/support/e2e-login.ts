// Logging in during browser tests. `loginAs(page, role)` signs the page's browser context in as a user of that role;
// users other than the start-up admin are created once per run through the real Users page.
import { expect, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import type { Role } from "@/lib/permissions";
import { E2E_ADMIN, e2ePort } from "./e2e-env";

export interface Credentials {
  email: string;
  password: string;
}

export const E2E_USERS: Record<Role, Credentials> = {
  admin: E2E_ADMIN,
  editor: { email: "editor@e2e.test", password: "e2e-editor-password-1" },
  ops: { email: "ops@e2e.test", password: "e2e-ops-password-1" },
  viewer: { email: "viewer@e2e.test", password: "e2e-viewer-password-1" },
};

export const e2eBaseUrl = () => `http://127.0.0.1:${e2ePort()}`;

/** An e-mail address no other test (or run) uses. */
export const uniqueEmail = (name: string) => `${name}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@e2e.test`;

export type SignInResult = { ok: true } | { ok: false; error: string };

/**
 * Signs in over HTTP the way next-auth's client does (CSRF token, then the credentials callback). The session cookie
 * lands in `request`'s cookie jar: for `page.request` that is the page's browser context.
 */
export async function signInOverHttp(request: APIRequestContext, creds: Credentials, baseUrl = e2eBaseUrl()): Promise<SignInResult> {
  const csrf = await request.get(`${baseUrl}/api/auth/csrf`);
  expect(csrf.ok(), `GET /api/auth/csrf answered ${csrf.status()}`).toBe(true);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const res = await request.post(`${baseUrl}/api/auth/callback/credentials`, {
    form: { csrfToken, email: creds.email, password: creds.password, callbackUrl: `${baseUrl}/`, json: "true" },
    maxRedirects: 0,
  });
  const body = (await res.json().catch(() => ({}))) as { url?: string };
  const error = body.url ? new URL(body.url).searchParams.get("error") : `HTTP ${res.status()}`;
  return error ? { ok: false, error } : { ok: true };
}

const ensured = new Set<string>();

/** Creates `creds` with `role` through the Users page as the admin, unless it exists already. */
export async function ensureUser(browser: Browser, role: Role, creds: Credentials = E2E_USERS[role], scopes = ""): Promise<void> {
  if (role === "admin" && creds === E2E_ADMIN) return;
  if (ensured.has(creds.email)) return;
  const context = await browser.newContext({ baseURL: e2eBaseUrl() });
  try {
    const admin = await signInOverHttp(context.request, E2E_ADMIN);
    expect(admin, "the e2e admin (CONSOLE_ADMIN_EMAIL) must be able to sign in").toEqual({ ok: true });
    const page = await context.newPage();
    await page.goto("/users");
    await expect(page.getByTestId("users-table")).toBeVisible();
    if ((await page.getByTestId(`user-row-${creds.email}`).count()) === 0) {
      await page.getByTestId("new-user").click();
      await page.getByTestId("new-email").fill(creds.email);
      await page.getByTestId("new-role").selectOption(role);
      if (scopes) await page.getByTestId("new-scopes").fill(scopes);
      await page.getByTestId("new-password").fill(creds.password);
      await page.getByTestId("create-user-submit").click();
      await expect(page.getByTestId(`user-row-${creds.email}`)).toBeVisible();
    }
    ensured.add(creds.email);
  } finally {
    await context.close();
  }
}

/** Signs `page`'s browser context in as the e2e user of `role` (created on first use). Returns the credentials. */
export async function loginAs(page: Page, role: Role = "admin"): Promise<Credentials> {
  const creds = E2E_USERS[role];
  const browser = page.context().browser();
  if (role !== "admin") {
    if (!browser) throw new Error("loginAs needs a page from a browser (not a persistent context)");
    await ensureUser(browser, role);
  }
  const result = await signInOverHttp(page.request, creds);
  expect(result, `signing in as ${role} (${creds.email})`).toEqual({ ok: true });
  return creds;
}

/** Fills and submits the real login form (for tests about the form itself). */
export async function loginViaForm(page: Page, creds: Credentials): Promise<void> {
  await page.goto("/login");
  await page.getByTestId("login-email").fill(creds.email);
  await page.getByTestId("login-password").fill(creds.password);
  await page.getByTestId("login-submit").click();
}

// Single sign-on role mapping against the test OIDC provider: the groups claim sets role and scopes at each sign-in
// (OIDC_ROLE_MAPPING in test/support/e2e-env.ts), and a matching identity without an account gets one.
import { expect, test, type Page } from "@playwright/test";
import { ensureUser, loginAs, type Credentials, uniqueEmail } from "../support/e2e-login";

/** Signs in through the test IdP with these groups, to the account page (unless refused). */
async function ssoSignIn(page: Page, email: string, groups: string) {
  await page.goto("/login?callbackUrl=%2Faccount");
  await page.getByTestId("login-sso").click();
  await page.getByTestId("idp-email").fill(email);
  await page.getByTestId("idp-groups").fill(groups);
  await page.getByTestId("idp-submit").click();
}

test("the provider's groups give an existing user their role and scopes at each sign-in", async ({ page, browser }) => {
  const creds: Credentials = { email: uniqueEmail("mapped"), password: "mapped-user-password-1" };
  await ensureUser(browser, "viewer", creds);
  await ssoSignIn(page, creds.email, "staff, console-ops");
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByTestId("account-role")).toHaveText(/运维|Ops/);

  const admin = await (await browser.newContext()).newPage();
  await loginAs(admin, "admin");
  await admin.goto("/users");
  const row = admin.getByTestId(`user-row-${creds.email}`);
  await expect(row.getByTestId("user-role")).toHaveText(/运维|Ops/);
  await expect(row.getByTestId("user-scopes")).toContainText("demo-public");
  await admin.goto(`/audit?action=users.sso_mapping`);
  await expect(admin.getByTestId("audit-row").first()).toBeVisible();

  // Another sign-in with other groups: the mapping is applied again.
  const later = await (await browser.newContext()).newPage();
  await ssoSignIn(later, creds.email, "console-viewers");
  await expect(later).toHaveURL(/\/account$/);
  await expect(later.getByTestId("account-role")).toHaveText(/只读|Viewer/);
  for (const p of [admin, later]) await p.context().close();
});

test("a matching identity without an account gets one; without a matching group it is refused", async ({ page, browser }) => {
  const email = uniqueEmail("jit");
  await ssoSignIn(page, email, "console-viewers");
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByTestId("account-email")).toHaveText(email);
  await expect(page.getByTestId("account-role")).toHaveText(/只读|Viewer/);

  const stranger = await (await browser.newContext()).newPage();
  await ssoSignIn(stranger, uniqueEmail("nomatch"), "elsewhere");
  await expect(stranger).toHaveURL(/\/login\?error=NoAccount/);
  await stranger.context().close();

  const admin = await (await browser.newContext()).newPage();
  await loginAs(admin, "admin");
  await admin.goto(`/audit?action=users.create&actor=sso`);
  await expect(admin.getByTestId("audit-row").first()).toBeVisible();
  await admin.context().close();
});

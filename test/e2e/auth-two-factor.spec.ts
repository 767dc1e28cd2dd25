// Two-step verification (TOTP) in the browser: enrolment from the account page, sign-in with and without the code,
// no replay, recovery codes, an admin's reset, and a role an admin requires it for.
import { expect, test, type Browser, type Page } from "@playwright/test";
import { E2E_USERS, ensureUser, loginAs, loginViaForm, type Credentials, uniqueEmail } from "../support/e2e-login";
import { totpCode } from "../support/totp";

const nowSeconds = () => Math.floor(Date.now() / 1000);

/** Turns two-step verification on from the account page; returns the key and the recovery codes shown. */
async function enrol(page: Page): Promise<{ secret: string; recovery: string[]; at: number }> {
  await page.getByTestId("twofa-start").click();
  await expect(page.getByTestId("twofa-qr")).toBeVisible();
  const secret = (await page.getByTestId("twofa-secret").textContent())!.trim();
  expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
  await page.getByTestId("twofa-code").fill("000000");
  await page.getByTestId("twofa-confirm").click();
  await expect(page.getByTestId("twofa-error")).toBeVisible();
  const at = nowSeconds();
  await page.getByTestId("twofa-code").fill(await totpCode(secret, at));
  await page.getByTestId("twofa-confirm").click();
  await expect(page.getByTestId("recovery-codes")).toBeVisible();
  const recovery = (await page.getByTestId("recovery-code").allTextContents()).map((c) => c.trim());
  expect(recovery).toHaveLength(10);
  await page.getByTestId("recovery-done").click();
  return { secret, recovery, at };
}

async function freshPage(browser: Browser): Promise<Page> {
  return (await browser.newContext()).newPage();
}

async function codeStep(page: Page, creds: Credentials, code: string) {
  await loginViaForm(page, creds);
  await expect(page.getByTestId("totp-form")).toBeVisible();
  await page.getByTestId("login-otp").fill(code);
  await page.getByTestId("login-otp-submit").click();
}

test("enrol, then sign in only with a fresh code or an unused recovery code; an admin's reset turns it off", async ({ page, browser }) => {
  const creds: Credentials = { email: uniqueEmail("twofa"), password: "twofa-user-password-1" };
  await ensureUser(browser, "editor", creds);
  await loginViaForm(page, creds);
  await expect(page).toHaveURL(/\/buckets/);
  await page.goto("/account");
  const { secret, recovery, at } = await enrol(page);
  await expect(page.getByTestId("twofa-status")).toHaveText(/已开启|On/);

  // Without the code: the password alone is not enough.
  const other = await freshPage(browser);
  await loginViaForm(other, creds);
  await expect(other.getByTestId("totp-form")).toBeVisible();
  await other.getByTestId("login-otp").fill("123456");
  await other.getByTestId("login-otp-submit").click();
  await expect(other.getByTestId("login-error")).toHaveText(/验证码不正确|code is wrong/);
  await other.goto("/buckets");
  await expect(other).toHaveURL(/\/login/);

  // The next time step's code works once (enrolment used the current one); the same code again is refused.
  const code = await totpCode(secret, at, 1);
  await codeStep(other, creds, code);
  await expect(other).toHaveURL(/\/buckets/);
  const third = await freshPage(browser);
  await codeStep(third, creds, code);
  await expect(third.getByTestId("login-error")).toHaveText(/已使用过|used already/);

  // A recovery code works once.
  await third.getByTestId("login-otp").fill(recovery[0]);
  await third.getByTestId("login-otp-submit").click();
  await expect(third).toHaveURL(/\/buckets/);
  const fourth = await freshPage(browser);
  await codeStep(fourth, creds, recovery[0]);
  await expect(fourth.getByTestId("login-error")).toBeVisible();
  await third.goto("/account");
  await expect(third.getByTestId("recovery-left")).toContainText("9");

  // The admin resets it: the password alone signs in again.
  const admin = await freshPage(browser);
  await loginAs(admin, "admin");
  await admin.goto("/users");
  const row = admin.getByTestId(`user-row-${creds.email}`);
  await expect(row.getByTestId("user-2fa")).toBeVisible();
  admin.once("dialog", (d) => d.accept());
  await row.getByTestId("reset-2fa").click();
  await expect(admin.getByTestId("users-notice")).toContainText(creds.email);
  await expect(row.getByTestId("user-2fa")).toHaveCount(0);
  const fifth = await freshPage(browser);
  await loginViaForm(fifth, creds);
  await expect(fifth).toHaveURL(/\/buckets/);

  // The wrong code at enrolment and the right one.
  await admin.goto(`/audit?actor=${encodeURIComponent(creds.email)}&action=account.2fa_enrol`);
  await expect(admin.getByTestId("audit-row")).toHaveCount(2);
  const outcomes = (await admin.getByTestId("audit-outcome").allTextContents()).join(" ");
  expect(outcomes).toMatch(/成功|OK/);
  expect(outcomes).toMatch(/失败|Failed/);
  await admin.goto(`/audit?action=users.reset_2fa&actor=${encodeURIComponent(E2E_USERS.admin.email)}`);
  await expect(admin.getByTestId("audit-row").first()).toBeVisible();
  for (const p of [other, third, fourth, admin, fifth]) await p.context().close();
});

test("a role the admin requires it for is taken to enrolment after signing in; other roles are not", async ({ page, browser }) => {
  const creds: Credentials = { email: uniqueEmail("must-enrol"), password: "must-enrol-password-1" };
  await ensureUser(browser, "ops", creds);
  await loginAs(page, "admin");
  await page.goto("/users");
  const settings = page.getByTestId("security-settings");
  await expect(settings.getByTestId("require-2fa-admin")).not.toBeChecked(); // the demo admin is never forced by default
  await settings.getByTestId("require-2fa-ops").check();
  await settings.getByTestId("save-security").click();
  await expect(page.getByTestId("security-notice")).toBeVisible();
  try {
    const user = await freshPage(browser);
    await loginViaForm(user, creds);
    await expect(user.getByTestId("twofa-required")).toBeVisible();
    await user.goto("/cdn");
    await expect(user.getByTestId("twofa-required")).toBeVisible();
    await enrol(user);
    await expect(user.getByTestId("twofa-required")).toHaveCount(0);
    await user.goto("/cdn");
    await expect(user.getByTestId("twofa-required")).toHaveCount(0);
    // A viewer (not required) goes straight in.
    const viewer = await freshPage(browser);
    await loginAs(viewer, "viewer");
    await viewer.goto("/buckets");
    await expect(viewer.getByTestId("twofa-required")).toHaveCount(0);
    await user.context().close();
    await viewer.context().close();
  } finally {
    await page.goto("/users");
    await page.getByTestId("require-2fa-ops").uncheck();
    await page.getByTestId("save-security").click();
    await expect(page.getByTestId("security-notice")).toBeVisible();
  }
});

// Sessions: listed on the account page and revocable, ended by an admin, and ended for idleness after a warning with
// "continue". The idle test sets a seconds-long timeout through the admin's security settings and restores it after,
// so the other specs on this server keep the default.
import { expect, test, type Browser, type Page } from "@playwright/test";
import { E2E_USERS, ensureUser, loginAs, loginViaForm, type Credentials, uniqueEmail } from "../support/e2e-login";

async function signedInPage(browser: Browser, creds: Credentials): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await loginViaForm(page, creds);
  await expect(page).toHaveURL(/\/buckets/);
  return page;
}

async function setIdleMinutes(page: Page, value: string) {
  await page.goto("/users");
  await page.getByTestId("idle-minutes").fill(value);
  await page.getByTestId("save-security").click();
  await expect(page.getByTestId("security-notice")).toBeVisible();
}

test("the account page lists the live sessions; ending one signs that browser out", async ({ browser }) => {
  const creds: Credentials = { email: uniqueEmail("sessions"), password: "sessions-user-password-1" };
  await ensureUser(browser, "viewer", creds);
  const laptop = await signedInPage(browser, creds);
  const phone = await signedInPage(browser, creds);
  await laptop.goto("/account");
  const rows = laptop.getByTestId("session-row");
  await expect(rows).toHaveCount(2);
  await expect(laptop.locator('[data-testid="session-row"][data-current="true"]')).toHaveCount(1);
  await laptop.locator('[data-testid="session-row"][data-current="false"]').getByTestId("session-revoke").click();
  await expect(rows).toHaveCount(1);
  await phone.goto("/buckets");
  await expect(phone).toHaveURL(/\/login/);
  await laptop.goto("/buckets");
  await expect(laptop).toHaveURL(/\/buckets/);

  const admin = await (await browser.newContext()).newPage();
  await loginAs(admin, "admin");
  await admin.goto("/users");
  admin.once("dialog", (d) => d.accept());
  await admin.getByTestId(`user-row-${creds.email}`).getByTestId("end-sessions").click();
  await expect(admin.getByTestId("users-notice")).toContainText(creds.email);
  await laptop.goto("/buckets");
  await expect(laptop).toHaveURL(/\/login/);
  await admin.goto(`/audit?action=users.end_sessions&actor=${encodeURIComponent(E2E_USERS.admin.email)}`);
  await expect(admin.getByTestId("audit-row").first()).toBeVisible();
  await admin.goto(`/audit?action=account.revoke_session&actor=${encodeURIComponent(creds.email)}`);
  await expect(admin.getByTestId("audit-row")).toHaveCount(1);
  for (const p of [laptop, phone, admin]) await p.context().close();
});

test("an idle session warns first, continues on request, and then ends", async ({ page, browser }) => {
  test.setTimeout(120_000);
  const creds: Credentials = { email: uniqueEmail("idle"), password: "idle-user-password-1" };
  await ensureUser(browser, "viewer", creds);
  await loginAs(page, "admin");
  await setIdleMinutes(page, "0.25"); // 15 s; the warning shows for the last 5 s
  try {
    const user = await signedInPage(browser, creds);
    const warning = user.getByTestId("session-warning");
    await expect(warning).toBeVisible({ timeout: 30_000 });
    await user.getByTestId("session-continue").click();
    await expect(warning).toBeHidden();
    // Left alone, it warns again and then ends.
    await expect(warning).toBeVisible({ timeout: 30_000 });
    await expect(user).toHaveURL(/\/login\?error=SessionExpired/, { timeout: 30_000 });
    await expect(user.getByTestId("login-error")).toHaveText(/会话因长时间未操作|Your session ended/);
    await user.goto("/buckets");
    await expect(user).toHaveURL(/\/login/);
    await user.context().close();
  } finally {
    // The admin's own session may have idled out meanwhile: sign in afresh to restore the default.
    const admin = await (await browser.newContext()).newPage();
    await loginAs(admin, "admin");
    await setIdleMinutes(admin, "");
    await admin.goto(`/audit?action=auth.session_expired&actor=${encodeURIComponent(creds.email)}`);
    await expect(admin.getByTestId("audit-row")).toHaveCount(1);
    await admin.context().close();
  }
});

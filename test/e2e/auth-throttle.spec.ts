// Sign-in delays an admin can see and clear, a password reset that clears them, and the password policy's messages.
import { expect, test, type Page } from "@playwright/test";
import { emulatorSdk } from "../support/buckets-e2e";
import { E2E_USERS, ensureUser, loginAs, loginViaForm, type Credentials, uniqueEmail } from "../support/e2e-login";

const DELAYED = /登录失败次数过多|Too many failed sign-in attempts/;

async function failUntilDelayed(page: Page, email: string) {
  for (let i = 0; i < 5; i++) {
    await loginViaForm(page, { email, password: `wrong-guess-${i}` });
    await expect(page.getByTestId("login-error")).toBeVisible();
  }
  await expect(page.getByTestId("login-error")).toHaveText(DELAYED);
}

test("a delayed account shows on the Users page; the admin clears it (audited), and a password reset clears it too", async ({ page, browser }) => {
  const creds: Credentials = { email: uniqueEmail("delayed"), password: "delayed-user-password-1" };
  await ensureUser(browser, "viewer", creds);
  const user = await (await browser.newContext()).newPage();
  await failUntilDelayed(user, creds.email);
  await loginViaForm(user, creds);
  await expect(user.getByTestId("login-error")).toHaveText(DELAYED);

  await loginAs(page, "admin");
  await page.goto("/users");
  const row = page.getByTestId(`user-row-${creds.email}`);
  await expect(row.getByTestId("user-throttled")).toBeVisible();
  await row.getByTestId("unlock-user").click();
  await expect(page.getByTestId("users-notice")).toContainText(creds.email);
  await expect(row.getByTestId("user-throttled")).toHaveCount(0);
  await loginViaForm(user, creds);
  await expect(user).toHaveURL(/\/buckets/);

  // Delayed again; this time the admin resets the password, which also lifts the delay.
  const again = await (await browser.newContext()).newPage();
  await failUntilDelayed(again, creds.email);
  await row.getByTestId("reset-password").click();
  await page.getByTestId("confirm-dialog").getByTestId("confirm-yes").click();
  const generated = (await page.getByTestId("generated-password").textContent())!.trim();
  await loginViaForm(again, { email: creds.email, password: generated });
  await expect(again).toHaveURL(/\/buckets/);

  await page.goto(`/audit?action=auth.throttle&actor=${encodeURIComponent(creds.email)}`);
  await expect(page.getByTestId("audit-row").first()).toBeVisible();
  await page.goto(`/audit?action=users.unlock&actor=${encodeURIComponent(E2E_USERS.admin.email)}`);
  await expect(page.getByTestId("audit-row").first()).toBeVisible();
  await user.context().close();
  await again.context().close();
});

test("weak passwords are refused on create and change with a clear message", async ({ page }) => {
  await loginAs(page, "admin");
  await page.goto("/users");
  const email = uniqueEmail("weakling");
  await page.getByTestId("new-user").click();
  await page.getByTestId("new-email").fill(email);
  await page.getByTestId("new-password").fill("aaaaaaaaaa");
  await page.getByTestId("create-user-submit").click();
  await expect(page.getByTestId("create-user-error")).toHaveText(/太容易被猜到|too easy to guess/);
  await page.getByTestId("new-password").fill("password123");
  await page.getByTestId("create-user-submit").click();
  await expect(page.getByTestId("create-user-error")).toHaveText(/常见或已泄露|common or breached/);
  await page.getByTestId("new-password").fill(email);
  await page.getByTestId("create-user-submit").click();
  await expect(page.getByTestId("create-user-error")).toHaveText(/自己的邮箱|your own email/);
  await page.getByTestId("new-password").fill("Quiet-Harbor-Lantern-42");
  await page.getByTestId("create-user-submit").click();
  await expect(page.getByTestId(`user-row-${email}`)).toBeVisible();

  await page.goto("/account");
  await page.getByTestId("pw-currentPassword").fill(E2E_USERS.admin.password);
  await page.getByTestId("pw-newPassword").fill("1234567890");
  await page.getByTestId("pw-confirmPassword").fill("1234567890");
  await page.getByRole("button", { name: /修改密码|Change password/ }).click();
  await expect(page.getByTestId("pw-error")).toBeVisible();
  await expect(page).toHaveURL(/\/account/);
});

test("a scope must name an existing bucket; a bucket deleted later is marked on the Users page", async ({ page }) => {
  await loginAs(page, "admin");
  await page.goto("/users");
  await page.getByTestId("new-user").click();
  await page.getByTestId("new-email").fill(uniqueEmail("scope-typo"));
  await page.getByTestId("new-role").selectOption("viewer");
  await page.getByTestId("new-scopes").fill("no-such-bucket-xyz/");
  await page.getByTestId("create-user-submit").click();
  await expect(page.getByTestId("create-user-error")).toHaveText(/空间不存在|No such bucket/);

  const bucket = `gone-${Date.now().toString(36)}`;
  const sdk = await emulatorSdk();
  await sdk.createBucket(bucket);
  const creds: Credentials = { email: uniqueEmail("scope-gone"), password: "scope-gone-password-1" };
  await ensureUser(page.context().browser()!, "viewer", creds, `${bucket}/`);
  await page.reload();
  const row = page.getByTestId(`user-row-${creds.email}`);
  await expect(row.getByTestId("user-scopes")).toContainText(bucket);
  await expect(row.getByTestId("scope-missing")).toHaveCount(0);
  await sdk.deleteBucket(bucket);
  await page.reload();
  await expect(row.getByTestId("scope-missing")).toBeVisible();
});

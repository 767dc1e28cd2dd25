// Login, roles and the Users/Audit pages in the browser.
import { expect, test, type Browser, type Page } from "@playwright/test";
import { ROLES, visibleSections } from "@/lib/permissions";
import { E2E_USERS, ensureUser, loginAs, loginViaForm, type Credentials } from "../support/e2e-login";

const unique = (name: string) => `${name}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@e2e.test`;

async function sidebarHrefs(page: Page): Promise<string[]> {
  const links = page.getByTestId("sidebar").getByRole("link");
  await expect(links.first()).toBeVisible();
  return links.evaluateAll((els) => els.map((e) => new URL((e as HTMLAnchorElement).href).pathname));
}

async function freshPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext();
  return context.newPage();
}

test.describe("signing in", () => {
  test("sends signed-out visitors to the login page and back to where they were going", async ({ page }) => {
    await page.goto("/audit");
    await expect(page).toHaveURL(/\/login\?callbackUrl=%2Faudit$/);
    await page.getByTestId("login-email").fill(E2E_USERS.admin.email);
    await page.getByTestId("login-password").fill(E2E_USERS.admin.password);
    await page.getByTestId("login-submit").click();
    await expect(page).toHaveURL(/\/audit$/);
    await expect(page.getByTestId("current-user")).toContainText(/管理员|Admin/);
    await expect(page.getByTestId("audit-table")).toBeVisible();
  });

  test("refuses a wrong password, and an unknown e-mail with the very same message", async ({ page }) => {
    await loginViaForm(page, { email: E2E_USERS.admin.email, password: "not-the-password" });
    const error = page.getByTestId("login-error");
    await expect(error).toBeVisible();
    const wrongPassword = await error.textContent();
    await loginViaForm(page, { email: unique("nobody"), password: "not-the-password" });
    await expect(error).toBeVisible();
    expect(await error.textContent()).toBe(wrongPassword);
    expect(wrongPassword).toMatch(/邮箱或密码不正确|email or password is incorrect/);
    await expect(page).toHaveURL(/\/login/);
  });

  test("locks an account after repeated failures, even against the right password", async ({ page, browser }) => {
    const creds: Credentials = { email: unique("target"), password: "target-password-1" };
    await ensureUser(browser, "viewer", creds);
    for (let i = 0; i < 5; i++) {
      await loginViaForm(page, { email: creds.email, password: `guess-${i}` });
      await expect(page.getByTestId("login-error")).toBeVisible();
    }
    await expect(page.getByTestId("login-error")).toHaveText(/登录失败次数过多|Too many failed sign-in attempts/);
    await loginViaForm(page, creds);
    await expect(page.getByTestId("login-error")).toHaveText(/登录失败次数过多|Too many failed sign-in attempts/);
    await expect(page).toHaveURL(/\/login/);
  });

  test("signs out from the header menu", async ({ page }) => {
    await loginAs(page, "viewer");
    await page.goto("/buckets");
    await page.getByTestId("user-menu").click();
    await page.getByTestId("sign-out").click();
    await expect(page).toHaveURL(/\/login/);
    await page.goto("/buckets");
    await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fbuckets/);
  });

  test("shows the login page in Chinese by default and in English on request", async ({ browser }) => {
    const zh = await browser.newContext({ locale: "zh-CN" });
    const page = await zh.newPage();
    await page.goto("/login");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("登录控制台");
    await page.getByTestId("language-switch").selectOption("en");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sign in to the console");
    await expect(page.getByTestId("login-submit")).toHaveText("Sign in");
    await zh.close();
  });
});

test.describe("single sign-on (OpenID Connect)", () => {
  test("lets an existing user in through the identity provider", async ({ page, browser }) => {
    const creds: Credentials = { email: unique("sso"), password: "unused-password-1" };
    await ensureUser(browser, "ops", creds);
    await page.goto("/login?callbackUrl=%2Fcdn");
    await page.getByTestId("login-sso").click();
    await page.getByTestId("idp-email").fill(creds.email);
    await page.getByTestId("idp-submit").click();
    await expect(page).toHaveURL(/\/cdn$/);
    expect(await sidebarHrefs(page)).toEqual(visibleSections({ role: "ops", scopes: [] }));
    await page.goto("/account");
    await expect(page.getByTestId("account-email")).toHaveText(creds.email);
  });

  test("refuses an identity without a console account, and never creates one", async ({ page }) => {
    await page.goto("/login");
    await page.getByTestId("login-sso").click();
    await page.getByTestId("idp-email").fill(unique("stranger"));
    await page.getByTestId("idp-submit").click();
    await expect(page).toHaveURL(/\/login\?error=NoAccount/);
    await expect(page.getByTestId("login-error")).toHaveText(/没有控制台账号|no console account/);
    await page.goto("/buckets");
    await expect(page).toHaveURL(/\/login/);
  });
});

test.describe("roles", () => {
  for (const role of ROLES) {
    test(`${role}: sees exactly its sections and is refused the admin pages`, async ({ page }) => {
      await loginAs(page, role);
      await page.goto("/account");
      await expect(page.getByTestId("account-email")).toHaveText(E2E_USERS[role].email);
      expect(await sidebarHrefs(page)).toEqual(visibleSections({ role, scopes: [] }));
      for (const path of ["/users", "/audit"]) {
        await page.goto(path);
        if (role === "admin") await expect(page.getByTestId(path === "/users" ? "users-table" : "audit-filters")).toBeVisible();
        else await expect(page.getByTestId("forbidden")).toBeVisible();
      }
    });
  }
});

test.describe("managing users", () => {
  test("a created user logs in with the generated password; role changes and disabling apply at once", async ({ page, browser }) => {
    await loginAs(page, "admin");
    await page.goto("/users");
    const email = unique("newbie");
    await page.getByTestId("new-user").click();
    await page.getByTestId("new-email").fill(email);
    await page.getByTestId("new-role").selectOption("viewer");
    await page.getByTestId("create-user-submit").click();
    const password = (await page.getByTestId("generated-password").textContent())!.trim();
    expect(password).toMatch(/^[A-Za-z2-9]{20}$/);
    const row = page.getByTestId(`user-row-${email}`);
    await expect(row.getByTestId("user-role")).toHaveText(/只读|Viewer/);

    const user = await freshPage(browser);
    await loginViaForm(user, { email, password });
    await expect(user).toHaveURL(/\/buckets/);
    expect(await sidebarHrefs(user)).toEqual(visibleSections({ role: "viewer", scopes: [] }));

    await row.getByTestId("edit-user").click();
    await row.getByTestId("edit-role").selectOption("editor");
    await row.getByTestId("save-access").click();
    await expect(row.getByTestId("user-role")).toHaveText(/编辑|Editor/);
    await user.reload();
    expect(await sidebarHrefs(user)).toEqual(visibleSections({ role: "editor", scopes: [] }));

    await row.getByTestId("toggle-disabled").click();
    await page.getByTestId("confirm-dialog").getByTestId("confirm-yes").click();
    await expect(row.getByTestId("user-status")).toHaveText(/已停用|Disabled/);
    await user.reload();
    await expect(user).toHaveURL(/\/login/);
    await user.context().close();
  });

  test("an admin cannot disable themselves; an invalid scope is explained", async ({ page }) => {
    await loginAs(page, "admin");
    await page.goto("/users");
    const me = page.getByTestId(`user-row-${E2E_USERS.admin.email}`);
    await expect(me).toBeVisible();
    await expect(me.getByTestId("toggle-disabled")).toHaveCount(0);
    await page.getByTestId("new-user").click();
    await page.getByTestId("new-email").fill(unique("scoped"));
    await page.getByTestId("new-role").selectOption("editor");
    await page.getByTestId("new-scopes").fill("bad bucket name!/x");
    await page.getByTestId("create-user-submit").click();
    await expect(page.getByTestId("create-user-error")).toBeVisible();
  });

  test("changing one's own password ends the session; only the new password works", async ({ page, browser }) => {
    const creds: Credentials = { email: unique("changer"), password: "old-password-123" };
    await ensureUser(browser, "ops", creds);
    await loginViaForm(page, creds);
    await expect(page).toHaveURL(/\/buckets/);
    await page.goto("/account");
    await page.getByTestId("pw-currentPassword").fill("wrong-current-1");
    await page.getByTestId("pw-newPassword").fill("new-password-456");
    await page.getByTestId("pw-confirmPassword").fill("new-password-456");
    await page.getByRole("button", { name: /修改密码|Change password/ }).click();
    await expect(page.getByTestId("pw-error")).toBeVisible();
    await page.getByTestId("pw-currentPassword").fill(creds.password);
    await page.getByRole("button", { name: /修改密码|Change password/ }).click();
    await expect(page).toHaveURL(/\/login\?notice=password-changed/);
    await expect(page.getByTestId("login-notice")).toBeVisible();
    await loginViaForm(page, creds);
    await expect(page.getByTestId("login-error")).toBeVisible();
    await loginViaForm(page, { email: creds.email, password: "new-password-456" });
    await expect(page).toHaveURL(/\/buckets/);
  });
});

test.describe("audit page", () => {
  test("lists logins and user changes, filters by action and actor, exports what it shows", async ({ page }) => {
    await loginAs(page, "admin");
    await page.goto("/audit");
    await expect(page.getByTestId("audit-row").first()).toBeVisible();
    await page.getByTestId("filter-action").selectOption("users.create");
    await page.getByTestId("filter-actor").fill(E2E_USERS.admin.email);
    await page.getByTestId("filter-apply").click();
    await expect(page).toHaveURL(/action=users.create/);
    const actions = await page.getByTestId("audit-action").evaluateAll((cells) => cells.map((c) => c.getAttribute("data-action")));
    expect(actions.length).toBeGreaterThan(0);
    expect(new Set(actions)).toEqual(new Set(["users.create"]));
    // The action is named in the user's language, its code kept beside it.
    await expect(page.getByTestId("audit-action").first()).toContainText(/创建用户|Create user/);
    expect(new Set(await page.getByTestId("audit-actor").allTextContents())).toEqual(new Set([E2E_USERS.admin.email]));
    await expect(page.getByTestId("audit-export")).toHaveAttribute("href", /\/api\/audit\/export\?.*action=users.create/);

    await page.goto("/audit?action=auth.login&from=2000-01-01T00:00&to=2000-01-02T00:00");
    await expect(page.getByTestId("audit-empty")).toBeVisible();
  });

  test("records failed logins with the attempted e-mail", async ({ page, browser }) => {
    const email = unique("intruder");
    const attacker = await freshPage(browser);
    await loginViaForm(attacker, { email, password: "whatever-123" });
    await expect(attacker.getByTestId("login-error")).toBeVisible();
    await attacker.context().close();
    await loginAs(page, "admin");
    await page.goto(`/audit?actor=${encodeURIComponent(email)}`);
    await expect(page.getByTestId("audit-row")).toHaveCount(1);
    await expect(page.getByTestId("audit-action")).toHaveAttribute("data-action", "auth.login");
    await expect(page.getByTestId("audit-action")).toContainText(/登录|Sign in/);
    await expect(page.getByTestId("audit-outcome")).toHaveText(/失败|Failed/);
  });
});

import { expect, test } from "@playwright/test";
import { loginAs } from "../support/e2e-login";

test.describe("console shell", () => {
  // A Chinese browser: the console follows Accept-Language until the user picks a language.
  test.use({ locale: "zh-CN" });

  test("renders the shell in Chinese first, then in English, with the emulator badge", async ({ page }, testInfo) => {
    await page.context().clearCookies();
    await loginAs(page, "admin");
    await page.goto("/buckets");

    const nav = page.getByTestId("sidebar");
    await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
    for (const label of ["空间管理", "上传", "批量操作", "数据处理", "CDN", "审计日志", "用户"]) {
      await expect(nav.getByRole("link", { name: label, exact: true })).toBeVisible();
    }
    await expect(page.getByTestId("app-name")).toHaveText("七牛云控制台");
    await expect(page.getByTestId("emulator-badge")).toHaveText("本地模拟器");
    await expect(page.getByTestId("current-user")).toBeVisible();
    await testInfo.attach("shell-zh-CN", { body: await page.screenshot({ fullPage: true }), contentType: "image/png" });
    await page.screenshot({ path: testInfo.outputPath("shell-zh-CN.png"), fullPage: true });

    await page.getByTestId("language-switch").selectOption("en");
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    for (const label of ["Buckets", "Upload", "Batch", "Processing", "CDN", "Audit", "Users"]) {
      await expect(nav.getByRole("link", { name: label, exact: true })).toBeVisible();
    }
    await expect(page.getByTestId("emulator-badge")).toHaveText("Local emulator");
    await testInfo.attach("shell-en", { body: await page.screenshot({ fullPage: true }), contentType: "image/png" });
    await page.screenshot({ path: testInfo.outputPath("shell-en.png"), fullPage: true });

    // The choice is remembered across pages.
    await nav.getByRole("link", { name: "Audit", exact: true }).click();
    await expect(page).toHaveURL(/\/audit/);
    await expect(nav.getByRole("link", { name: "Audit", exact: true })).toHaveAttribute("aria-current", "page");
  });

  test("switches to the dark theme and keeps it after a reload", async ({ page }) => {
    await loginAs(page, "admin");
    await page.goto("/buckets");
    await page.getByTestId("theme-switch").selectOption("dark");
    await expect(page.locator("html")).toHaveClass(/\bdark\b/);
    await page.reload();
    await expect(page.locator("html")).toHaveClass(/\bdark\b/);
    await page.getByTestId("theme-switch").selectOption("light");
    await expect(page.locator("html")).not.toHaveClass(/\bdark\b/);
  });

  test("shows a not-found page for unknown addresses", async ({ page }) => {
    await loginAs(page, "admin");
    const response = await page.goto("/no-such-page");
    expect(response?.status()).toBe(404);
    await expect(page.getByTestId("not-found")).toBeVisible();
  });

  test("health endpoint reports emulator mode without any key material", async ({ request }) => {
    const res = await request.get("/api/health");
    expect(res.ok()).toBe(true);
    const body = await res.json();
    expect(body).toEqual({ ok: true, mode: "emulator" });
  });
});

// Only the active language reaches the browser, switching still works, and every time is shown in the display time
// zone (the browser's own, or the user's setting) with its label.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { formatDate } from "@/lib/i18n/format";
import { E2E_USERS, loginAs } from "../support/e2e-login";

// Strings that exist in one dictionary only (lib/i18n/areas/auth.ts), long enough to be unmistakable.
const ZH_ONLY = "控制台中的所有时间都按此时区显示";
const EN_ONLY = "Every time in the console is shown in this zone";
const escaped = (s: string) => s.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

test.describe("languages and time zones", () => {
  test.use({ locale: "zh-CN", timezoneId: "Asia/Tokyo" });

  test("no client chunk contains a dictionary: each page carries its own language only", async ({ page }) => {
    const chunks = filesUnder(path.join(process.env.NEXT_DIST_DIR ?? ".next", "static")).filter((f) => f.endsWith(".js"));
    expect(chunks.length).toBeGreaterThan(5);
    for (const file of chunks) {
      const text = readFileSync(file, "utf8");
      for (const s of [ZH_ONLY, EN_ONLY, escaped(ZH_ONLY)]) expect(text.includes(s), `${file} holds dictionary text "${s}"`).toBe(false);
    }

    await page.context().clearCookies();
    await loginAs(page, "admin");
    const zh = await (await page.request.get("/account")).text();
    expect(zh.includes(ZH_ONLY) || zh.includes(escaped(ZH_ONLY))).toBe(true);
    expect(zh).not.toContain(EN_ONLY);

    await page.goto("/account");
    await page.getByTestId("language-switch").selectOption("en");
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await expect(page.getByTestId("time-zone-now")).toContainText(EN_ONLY);
    const en = await (await page.request.get("/account")).text();
    expect(en).toContain(EN_ONLY);
    expect(en.includes(ZH_ONLY) || en.includes(escaped(ZH_ONLY))).toBe(false);
    await page.getByTestId("language-switch").selectOption("zh-CN");
    await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  });

  test("times follow the browser's zone, then the user's setting, labelled", async ({ page }) => {
    await loginAs(page, "admin");
    await page.goto("/account");
    await expect(page.getByTestId("time-zone-now")).toContainText("Asia/Tokyo (UTC+9)");

    // Last sign-in: labelled with the zone (it was unlabelled server UTC).
    await page.goto("/users");
    const admin = page.getByTestId(`user-row-${E2E_USERS.admin.email}`);
    await expect(admin.locator("time")).toContainText("UTC+9");

    try {
      await page.goto("/account");
      await page.getByTestId("time-zone-select").selectOption("America/New_York");
      await expect(page.getByTestId("time-zone-now")).toContainText("America/New_York");

      await page.goto("/audit");
      const label = await page.getByTestId("zone-label").first().textContent();
      expect(label).toMatch(/^UTC-[45]$/);
      const cell = page.getByTestId("audit-row").first().locator("time");
      const at = await cell.getAttribute("datetime");
      await expect(cell).toHaveText(formatDate(new Date(at!), "zh-CN", "America/New_York"));
      // The server renders in the chosen zone too: no hydration flip.
      const html = await (await page.request.get("/audit")).text();
      expect(html).toContain(formatDate(new Date(at!), "zh-CN", "America/New_York"));
    } finally {
      await page.goto("/account");
      await page.getByTestId("time-zone-select").selectOption("");
      await expect(page.getByTestId("time-zone-now")).toContainText("Asia/Tokyo");
    }
  });
});

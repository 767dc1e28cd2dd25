// Row actions, selections, object status and custom metadata in the bucket browser (issue 20), in Chromium against
// the emulator. Every change is checked afterwards through the emulator with the official Node SDK.
import { expect, test, type Page } from "@playwright/test";
import { chgmOp } from "@/lib/qiniu/ops";
import { ensureUser, loginAs, signInOverHttp } from "../support/e2e-login";
import { cssValue, emulatorInfo, emulatorSdk } from "../support/buckets-e2e";

type Sdk = Awaited<ReturnType<typeof emulatorSdk>>;
let sdk: Sdk;
let domain: string;

const B = "e2e-rows";
const OTHER = "e2e-rows-2";
const q = (s: string) => encodeURIComponent(s);
const row = (page: Page, key: string) => page.locator(`[data-key=${cssValue(key)}]`);
const menu = (page: Page) => page.getByTestId("row-menu");

async function folder(page: Page, prefix: string) {
  await page.goto(`/buckets/${B}?prefix=${q(prefix)}`);
  await expect(page.getByTestId("object-list")).toBeVisible();
}

async function menuItem(page: Page, key: string, item: string) {
  await row(page, key).getByTestId("row-menu-button").click();
  await menu(page).getByTestId(`menu-${item}`).click();
}

test.beforeAll(async () => {
  sdk = await emulatorSdk();
  await sdk.createBucket(B);
  await sdk.createBucket(OTHER);
  for (const name of ["a", "b", "c"]) await sdk.upload(B, `kb/${name}.txt`, `kb ${name}`);
  for (const name of ["1", "2", "3"]) await sdk.upload(B, `del/${name}.txt`, `del ${name}`);
  for (const name of ["x", "y"]) await sdk.upload(B, `mv/sub/${name}.txt`, `mv ${name}`);
  for (const name of ["p", "q", "r"]) await sdk.upload(B, `part/${name}.txt`, `part ${name}`);
  await sdk.upload(B, "meta/m.txt", "meta");
  await sdk.upload(B, "status/s.txt", "status");
  await sdk.upload(B, "scoped/mine.txt", "mine");
  await sdk.upload(B, "links/l.txt", "link me");
  for (const name of ["u", "v"]) await sdk.upload(B, `state/${name}.txt`, `state ${name}`);
  await sdk.upload(B, "archive/cold.txt", "cold data");
  await sdk.changeType(B, "archive/cold.txt", 2);
  const set = await sdk.bucketManager.batch([chgmOp(B, "meta/m.txt", undefined, { color: "blue" })]);
  expect(set.resp.statusCode).toBe(200);
  domain = (await emulatorInfo()).buckets[B].domain;
});

test.beforeEach(async ({ page }) => {
  await loginAs(page, "admin");
});

test("the row menu works from the keyboard and disables and enables an object", async ({ page }) => {
  await folder(page, "status/");
  const list = page.getByTestId("object-list");
  await list.focus();
  await list.press("ArrowDown");
  await expect(row(page, "status/s.txt")).toHaveAttribute("data-active", "true");
  // Shift+F10 opens the focused row's menu on its first item; arrows move; Escape closes back to the button.
  await list.press("Shift+F10");
  await expect(menu(page)).toBeVisible();
  await expect(menu(page).getByTestId("menu-open")).toBeFocused();
  await page.keyboard.press("ArrowDown");
  await expect(menu(page).getByTestId("menu-download")).toBeFocused();
  await page.keyboard.press("ArrowUp");
  await page.keyboard.press("ArrowUp");
  await expect(menu(page).getByTestId("menu-delete")).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(menu(page)).toBeHidden();
  const button = row(page, "status/s.txt").getByTestId("row-menu-button");
  await expect(button).toBeFocused();
  await expect(button).toHaveAttribute("aria-expanded", "false");
  // Enter on the button opens it again; Enter on an item runs it.
  await page.keyboard.press("Enter");
  await expect(button).toHaveAttribute("aria-expanded", "true");
  await menu(page).getByTestId("menu-chstatus").focus();
  await page.keyboard.press("Enter");
  const dialog = page.getByTestId("op-dialog");
  await expect(dialog).toContainText("status/s.txt");
  await dialog.getByTestId("op-submit").click();
  await expect(dialog).toBeHidden();
  await expect(row(page, "status/s.txt").getByTestId("row-disabled")).toBeVisible();
  expect((await sdk.bucketManager.stat(B, "status/s.txt")).data).toMatchObject({ status: 1 });
  // Qiniu refuses an unsigned download of a disabled object and still serves a signed one.
  expect((await fetch(`${domain}/status/s.txt`)).status).toBe(403);
  const signed = sdk.bucketManager.privateDownloadUrl(domain, "status/s.txt", Math.floor(Date.now() / 1000) + 600);
  expect((await fetch(signed)).status).toBe(200);
  // …so the row menu's link for it is a signed one, and it works.
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  await expect(async () => {
    await row(page, "status/s.txt").getByTestId("row-menu-button").click();
    // no unsigned link for a disabled object
    await expect(menu(page).getByTestId("menu-copyLink")).toHaveCount(0, { timeout: 500 });
  }).toPass();
  await menu(page).getByTestId("menu-copySigned").click();
  await expect(row(page, "status/s.txt").getByTestId("row-menu-button")).toHaveText("✓");
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(new URL(copied).searchParams.get("token")).toBeTruthy();
  expect((await fetch(copied)).status).toBe(200);
  // The details panel previews it (the server reads it with a signed URL) and its link is signed too.
  await page.goto(`/buckets/${B}?prefix=${q("status/")}&key=${q("status/s.txt")}`);
  const details = page.getByTestId("details-panel");
  await expect(details.getByTestId("preview-text")).toContainText("status");
  await details.getByTestId("copy-link").click();
  const panelLink = await details.getByTestId("object-link").inputValue();
  expect(new URL(panelLink).searchParams.get("token")).toBeTruthy();
  expect((await fetch(panelLink)).status).toBe(200);

  await menuItem(page, "status/s.txt", "chstatus");
  await dialog.getByTestId("op-submit").click();
  await expect(dialog).toBeHidden();
  await expect(row(page, "status/s.txt").getByTestId("row-disabled")).toHaveCount(0);
  expect((await sdk.bucketManager.stat(B, "status/s.txt")).data).not.toHaveProperty("status");
  expect((await fetch(`${domain}/status/s.txt`)).status).toBe(200);
});

test("Delete deletes the focused file after a confirm naming it (no typed count); F2 renames it", async ({ page }) => {
  await folder(page, "kb/");
  await row(page, "kb/a.txt").click();
  await page.getByTestId("object-list").press("Delete");
  const dialog = page.getByTestId("op-dialog");
  await expect(dialog).toContainText("kb/a.txt");
  await expect(dialog.locator("input")).toHaveCount(0);
  await dialog.getByTestId("op-submit").click();
  await expect(dialog).toBeHidden();
  await expect(row(page, "kb/a.txt")).toHaveCount(0);
  expect((await sdk.stat(B, "kb/a.txt")).status).toBe(612);

  await row(page, "kb/b.txt").click();
  await page.getByTestId("object-list").press("F2");
  await dialog.locator("input[name=toKey]").fill("kb/b-renamed.txt");
  await dialog.locator("input[name=toKey]").press("Enter");
  await expect(row(page, "kb/b-renamed.txt")).toBeVisible();
  expect((await sdk.stat(B, "kb/b.txt")).status).toBe(612);
  expect((await sdk.stat(B, "kb/b-renamed.txt")).status).toBe(200);
});

test("a selection is deleted with one confirm and moved to another bucket and prefix", async ({ page }) => {
  await folder(page, "del/");
  for (const n of ["1", "2", "3"]) await row(page, `del/${n}.txt`).getByRole("checkbox").check();
  await page.getByTestId("bulk-delete").click();
  const dialog = page.getByTestId("bulk-dialog");
  await expect(dialog.getByTestId("bulk-summary")).toContainText("3");
  await expect(dialog.getByTestId("bulk-keys").locator("li")).toHaveText(["del/1.txt", "del/2.txt", "del/3.txt"]);
  await dialog.getByTestId("bulk-submit").click();
  await expect(dialog.getByTestId("bulk-result")).toHaveCount(3);
  await expect(dialog.locator("[data-ok=false]")).toHaveCount(0);
  for (const n of ["1", "2", "3"]) expect((await sdk.stat(B, `del/${n}.txt`)).status).toBe(612);
  await dialog.getByTestId("bulk-close").click();
  await expect(page.getByTestId("list-empty")).toBeVisible();

  await page.goto(`/buckets/${B}?prefix=${q("mv/")}`);
  await row(page, "mv/sub/").getByTestId("row-name").click();
  await page
    .getByTestId("selection-bar")
    .getByRole("button", { name: /全选已加载|Select all loaded/ })
    .click();
  await page.getByTestId("bulk-move").click();
  await dialog.locator("select[name=toBucket]").selectOption(OTHER);
  await dialog.locator("input[name=toPrefix]").fill("dest/");
  await expect(dialog.getByTestId("bulk-summary")).toContainText(OTHER);
  await expect(dialog.getByTestId("bulk-summary")).toContainText("dest/");
  await expect(dialog.getByTestId("bulk-keys")).toContainText("mv/sub/x.txt → e2e-rows-2:dest/x.txt");
  await dialog.getByTestId("bulk-submit").click();
  await expect(dialog.getByTestId("bulk-result")).toHaveCount(2);
  for (const n of ["x", "y"]) {
    expect((await sdk.stat(B, `mv/sub/${n}.txt`)).status).toBe(612);
    expect((await sdk.stat(OTHER, `dest/${n}.txt`)).status).toBe(200);
  }
});

test("a partial failure (Qiniu's 298) is shown item by item and the failed item can be retried", async ({ page }) => {
  await folder(page, "part/");
  for (const n of ["p", "q", "r"]) await row(page, `part/${n}.txt`).getByRole("checkbox").check();
  // Gone behind the page's back: its op fails inside an otherwise successful batch.
  await sdk.bucketManager.delete(B, "part/q.txt");
  await page.getByTestId("bulk-chtype").click();
  const dialog = page.getByTestId("bulk-dialog");
  await dialog.locator("select[name=type]").selectOption("1");
  await expect(dialog.getByTestId("bulk-summary")).toContainText("3");
  await dialog.getByTestId("bulk-submit").click();
  const failed = dialog.locator("[data-ok=false]");
  await expect(failed).toHaveCount(1);
  await expect(failed).toHaveAttribute("data-key", "part/q.txt");
  await expect(failed).toContainText("612");
  expect((await sdk.stat(B, "part/p.txt")).type).toBe(1);
  expect((await sdk.stat(B, "part/r.txt")).type).toBe(1);

  // A retry that changes nothing at all is a failure, with Qiniu's reason; the item stays failed and retryable.
  await dialog.getByTestId("bulk-retry").click();
  await expect(dialog.getByTestId("bulk-error")).toContainText("612");
  await expect(failed).toHaveCount(1);

  await sdk.upload(B, "part/q.txt", "back again");
  await dialog.getByTestId("bulk-retry").click();
  await expect(failed).toHaveCount(0);
  await expect(dialog.locator("[data-ok=true]")).toHaveCount(3);
  expect((await sdk.stat(B, "part/q.txt")).type).toBe(1);

  // More than the page runs at once (everything under the prefix) is handed to the Batch page instead.
  await dialog.getByTestId("bulk-close").click();
  await page.getByTestId("select-matching").click();
  await expect(page.getByTestId("bulk-delete")).toHaveCount(0);
  await expect(page.getByTestId("bulk-limit")).toBeVisible();
  await expect(page.getByTestId("to-batch")).toBeVisible();
});

test("custom metadata is shown from stat, edited, and sent as x-qn-meta headers on download", async ({ page }) => {
  await page.goto(`/buckets/${B}?prefix=${q("meta/")}&key=${q("meta/m.txt")}`);
  await expect(page.getByTestId("object-facts")).toContainText("color: blue");
  await menuItem(page, "meta/m.txt", "meta");
  const dialog = page.getByTestId("op-dialog");
  await expect(dialog.locator("input[name=meta-name-0]")).toHaveValue("color");
  await dialog.locator("input[name=meta-value-0]").fill("red");
  await dialog.locator("input[name=meta-name-1]").fill("size");
  await dialog.locator("input[name=meta-value-1]").fill("big one");
  await dialog.getByTestId("op-submit").click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId("object-facts")).toContainText("size: big one");
  expect((await sdk.bucketManager.stat(B, "meta/m.txt")).data).toMatchObject({ "x-qn-meta": { color: "red", size: "big one" } });
  const res = await fetch(`${domain}/meta/m.txt`);
  expect(res.headers.get("x-qn-meta-color")).toBe("red");
  expect(res.headers.get("x-qn-meta-size")).toBe("big one");

  // A value Qiniu refuses is caught before anything is sent.
  await menuItem(page, "meta/m.txt", "meta");
  await dialog.locator("input[name=meta-value-0]").fill("100%");
  await dialog.getByTestId("op-submit").click();
  await expect(dialog.getByRole("status")).toBeVisible();
  expect((await sdk.bucketManager.stat(B, "meta/m.txt")).data).toMatchObject({ "x-qn-meta": { color: "red" } });

  // A name is removed (chgm with an empty value); the other stays.
  await dialog
    .getByRole("button", { name: /close|关闭/i })
    .click()
    .catch(() => undefined);
  await menuItem(page, "meta/m.txt", "meta");
  await expect(dialog.locator("input[name=meta-name-1]")).toHaveValue("size");
  await dialog.getByTestId("meta-remove-1").click();
  await dialog.getByTestId("op-submit").click();
  await expect(dialog).toBeHidden();
  await expect.poll(async () => (await sdk.bucketManager.stat(B, "meta/m.txt")).data["x-qn-meta"]).toEqual({ color: "red" });
  await expect(page.getByTestId("object-facts")).not.toContainText("big one");
});

test("the row menu copies the public link and a signed one with the chosen lifetime", async ({ page }) => {
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  await folder(page, "links/");
  await menuItem(page, "links/l.txt", "copyLink");
  await expect(row(page, "links/l.txt").getByTestId("row-menu-button")).toHaveText("✓");
  const plain = await page.evaluate(() => navigator.clipboard.readText());
  expect(new URL(plain).searchParams.get("token")).toBeNull();
  expect(await (await fetch(plain)).text()).toBe("link me");

  await row(page, "links/l.txt").getByTestId("row-menu-button").click();
  await expect(menu(page).getByTestId("menu-copySigned")).toContainText(/1 小时|1 hour/);
  await menu(page).getByTestId("menu-copySigned").click();
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).not.toBe(plain);
  const signed = new URL(await page.evaluate(() => navigator.clipboard.readText()));
  const e = Number(signed.searchParams.get("e"));
  expect(e - Date.now() / 1000).toBeGreaterThan(3000);
  expect(e - Date.now() / 1000).toBeLessThanOrEqual(3600);
  expect(await (await fetch(signed)).text()).toBe("link me");
  // The bucket's only domain is the emulator's test domain: no CDN link is offered.
  await row(page, "links/l.txt").getByTestId("row-menu-button").click();
  await expect(menu(page).locator("[data-testid^=menu-copyCdn]")).toHaveCount(0);
});

test("the selection bar disables and enables the selected files", async ({ page }) => {
  await folder(page, "state/");
  for (const n of ["u", "v"]) await row(page, `state/${n}.txt`).getByRole("checkbox").check();
  await page.getByTestId("bulk-disable").click();
  const dialog = page.getByTestId("bulk-dialog");
  await expect(dialog.getByTestId("bulk-summary")).toContainText("2");
  await dialog.getByTestId("bulk-submit").click();
  await expect(dialog.locator("[data-ok=true]")).toHaveCount(2);
  for (const n of ["u", "v"]) expect((await sdk.bucketManager.stat(B, `state/${n}.txt`)).data).toMatchObject({ status: 1 });
  expect((await fetch(`${domain}/state/u.txt`)).status).toBe(403);
  await dialog.getByTestId("bulk-close").click();
  await expect(row(page, "state/u.txt").getByTestId("row-disabled")).toBeVisible();

  await page.getByTestId("bulk-enable").click();
  await dialog.getByTestId("bulk-submit").click();
  await expect(dialog.locator("[data-ok=true]")).toHaveCount(2);
  for (const n of ["u", "v"]) expect((await sdk.bucketManager.stat(B, `state/${n}.txt`)).data.status).toBeUndefined();
  expect(await (await fetch(`${domain}/state/v.txt`)).text()).toBe("state v");
});

test("an archived file shows frozen, is restored for the days asked, and the details say until when", async ({ page }) => {
  await folder(page, "archive/");
  await row(page, "archive/cold.txt").getByTestId("row-menu-button").click();
  await expect(menu(page).getByTestId("menu-restore")).toContainText(/已冻结|frozen/);
  await menu(page).getByTestId("menu-restore").click();
  const dialog = page.getByTestId("op-dialog");
  await expect(dialog.getByTestId("restore-status").locator("[data-state]")).toHaveAttribute("data-state", "frozen");
  await expect(dialog.locator("input[name=days]")).toHaveAttribute("max", "7");
  await dialog.locator("input[name=days]").fill("3");
  await dialog.getByTestId("op-submit").click();
  await expect(dialog).toBeHidden();
  expect((await sdk.bucketManager.stat(B, "archive/cold.txt")).data).toMatchObject({ restoreStatus: 1 });

  // The emulator restores in a few seconds (EMULATOR_RESTORE_SECONDS); the details then say restored, for 3 days.
  await expect.poll(async () => (await sdk.bucketManager.stat(B, "archive/cold.txt")).data.restoreStatus, { timeout: 20_000 }).toBe(2);
  await page.goto(`/buckets/${B}?prefix=${q("archive/")}&key=${q("archive/cold.txt")}`);
  const facts = page.getByTestId("object-facts");
  await expect(facts.getByTestId("restore-status").locator("[data-state]")).toHaveAttribute("data-state", "restored");
  await expect(facts.getByTestId("restore-days")).toHaveAttribute("data-days", "3");
  await expect(facts.getByTestId("restore-days")).toContainText(/3 天|3-day/);
  await expect(facts.getByTestId("restore-days").locator("time")).toHaveCount(2);
  await row(page, "archive/cold.txt").getByTestId("row-menu-button").click();
  await expect(menu(page).getByTestId("menu-restore")).toContainText(/已解冻|restored/);
  expect((await fetch(`${domain}/archive/cold.txt`)).status).toBe(200);
});

test("the menu offers only what the role allows; a scoped editor's bulk move out of scope is refused by the server", async ({ page, browser }) => {
  await page.context().clearCookies();
  await loginAs(page, "viewer");
  await folder(page, "meta/");
  await row(page, "meta/m.txt").getByTestId("row-menu-button").click();
  // open, download, the public link and a signed one
  await expect(menu(page).getByRole("menuitem")).toHaveCount(4);
  await expect(menu(page).getByTestId("menu-copySigned")).toBeVisible();
  await expect(menu(page).getByTestId("menu-delete")).toHaveCount(0);
  await page.keyboard.press("Escape");
  await row(page, "meta/m.txt").getByRole("checkbox").check();
  await expect(page.getByTestId("bulk-delete")).toHaveCount(0);

  const scoped = { email: "rows-scoped@e2e.test", password: "e2e-rows-scoped-password-1" };
  await ensureUser(browser, "editor", scoped, `${B}/scoped/`);
  await page.context().clearCookies();
  expect(await signInOverHttp(page.request, scoped)).toEqual({ ok: true });
  await folder(page, "scoped/");
  await row(page, "scoped/mine.txt").getByRole("checkbox").check();
  await page.getByTestId("bulk-move").click();
  const dialog = page.getByTestId("bulk-dialog");
  await dialog.locator("input[name=toPrefix]").fill("elsewhere/");
  await dialog.getByTestId("bulk-submit").click();
  await expect(dialog.getByTestId("bulk-error")).toBeVisible();
  expect((await sdk.stat(B, "scoped/mine.txt")).status).toBe(200);
  expect((await sdk.stat(B, "elsewhere/mine.txt")).status).toBe(612);
});

test("menu and dialogs fit a 390 px screen in dark mode", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.emulateMedia({ colorScheme: "dark" });
  await folder(page, "meta/");
  await expect(page.locator("html")).toHaveClass(/dark/);
  await row(page, "meta/m.txt").getByTestId("row-menu-button").click();
  const box = (await menu(page).boundingBox())!;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(390);
  expect(await menu(page).evaluate((el) => getComputedStyle(el).backgroundColor)).not.toBe("rgb(255, 255, 255)");
  await menu(page).getByTestId("menu-delete").click();
  const dialog = (await page.getByTestId("op-dialog").boundingBox())!;
  expect(dialog.x).toBeGreaterThanOrEqual(0);
  expect(dialog.x + dialog.width).toBeLessThanOrEqual(390);
});

// The bucket browser in Chromium against the emulator (issue 6). Reads use the seed's demo buckets; changes use
// buckets made here, and every change is checked through the emulator with the official Node SDK afterwards.
import { readFile } from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import { ensureUser, loginAs, signInOverHttp } from "../support/e2e-login";
import { cssValue, emulatorInfo, emulatorSdk } from "../support/buckets-e2e";

type Sdk = Awaited<ReturnType<typeof emulatorSdk>>;
let sdk: Sdk;

const OPS = "e2e-browser";
const OTHER = "e2e-browser-2";
const BIG = "e2e-browser-big";
const MANY = 20_000;
// Tricky keys under "t/" (the long one fills the 750-byte limit exactly: "t/" + 374 × "é").
const TRICKY = ["t/a//b.txt", "t/with space.txt", "t/hash#tag.txt", "t/question?x=1&y=2.txt", "t/percent%41%2F.txt", "t/😀🎉.txt", "t/" + "é".repeat(374)];

const q = (s: string) => encodeURIComponent(s);
const row = (page: Page, key: string) => page.locator(`[data-key=${cssValue(key)}]`);
const panel = (page: Page) => page.getByTestId("details-panel");

async function openObject(page: Page, bucket: string, key: string) {
  const folder = key.slice(0, key.lastIndexOf("/") + 1);
  await page.goto(`/buckets/${bucket}?prefix=${q(folder)}&key=${q(key)}`);
  await expect(panel(page).getByTestId("fact-key")).toHaveText(key);
}

async function runOperation(page: Page, op: string, fill?: () => Promise<void>) {
  await panel(page).getByTestId(`op-${op}`).click();
  const dialog = page.getByTestId("op-dialog");
  await expect(dialog).toBeVisible();
  await fill?.();
  await dialog.getByTestId("op-submit").click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId("browser-notice")).toHaveAttribute("data-tone", "ok");
}

test.beforeAll(async () => {
  sdk = await emulatorSdk();
  await sdk.createBucket(OPS);
  await sdk.createBucket(OTHER);
  await sdk.createBucket(BIG);
  for (const name of ["rename-me", "copy-me", "move-me", "meta", "delete-me", "lifecycle", "frozen"])
    await sdk.upload(OPS, `ops/${name}.txt`, `${name} content`);
  await sdk.changeType(OPS, "ops/frozen.txt", 2);
  await sdk.upload(OPS, "scoped/mine.txt", "mine");
  for (const key of TRICKY) await sdk.upload(OPS, key, `content of ${key}`);
  await sdk.upload(BIG, "seed.txt", "one of many");
  await sdk.copyMany(
    BIG,
    "seed.txt",
    Array.from({ length: MANY }, (_, i) => `many/obj-${String(i).padStart(5, "0")}.txt`),
  );
});

test.beforeEach(async ({ page }) => {
  await loginAs(page, "admin");
});

test("navigates folders with breadcrumbs and the back button", async ({ page }) => {
  await page.goto("/buckets");
  await expect(page.getByTestId("bucket-row").filter({ hasText: "demo-private" }).getByTestId("bucket-visibility")).toHaveText(/私有|Private/);
  await page.getByRole("link", { name: "demo-public", exact: true }).click();
  await expect(page).toHaveURL(/\/buckets\/demo-public$/);
  await row(page, "docs/").getByTestId("row-name").click();
  await expect(page).toHaveURL(/prefix=docs%2F/);
  await row(page, "docs/config/").getByTestId("row-name").click();
  await expect(row(page, "docs/config/app.json")).toBeVisible();
  await expect(page.getByTestId("breadcrumbs")).toContainText("config");
  await page.goBack();
  await expect(page).toHaveURL(/prefix=docs%2F$/);
  await expect(row(page, "docs/getting-started.md")).toBeVisible();
  await page.goBack();
  await expect(row(page, "README.txt")).toBeVisible();
  await page.goForward();
  await expect(row(page, "docs/config/")).toBeVisible();
  // A shared link opens the same folder directly, and the root crumb leads back.
  await page.goto(`/buckets/demo-public?prefix=${q("docs/说明/")}`);
  await expect(row(page, "docs/说明/快速开始.txt")).toBeVisible();
  await page.getByTestId("breadcrumbs").getByRole("link", { name: "demo-public" }).click();
  await expect(row(page, "images/")).toBeVisible();
  await expect(page.getByTestId("upload-here")).toHaveAttribute("href", "/upload?bucket=demo-public&prefix=");
});

test("searches by prefix inside a folder and sorts what is loaded", async ({ page }) => {
  await page.goto(`/buckets/demo-public?prefix=${q("data/")}`);
  await expect(row(page, "data/events.json")).toBeVisible();
  await page.getByTestId("prefix-search").fill("rep");
  await expect(page).toHaveURL(/q=rep/);
  await expect(row(page, "data/report-2024-06.csv")).toBeVisible();
  await expect(row(page, "data/events.json")).toHaveCount(0);
  await page.getByTestId("prefix-search").fill("nothing-like-this");
  await expect(page.getByTestId("list-empty")).toBeVisible();
  await page.goto(`/buckets/demo-public?prefix=${q("images/landscape/")}&sort=size-desc`);
  await expect(page.getByTestId("sorted-loaded")).toBeVisible();
  const shown = await page.getByTestId("object-row").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-key")!));
  expect(shown).toHaveLength(3);
  const sizes = await Promise.all(shown.map(async (key) => (await sdk.stat("demo-public", key)).fsize!));
  expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
});

test("previews JSON, text and images", async ({ page }) => {
  await openObject(page, "demo-public", "docs/config/app.json");
  await expect(panel(page).getByTestId("preview-text")).toContainText('"name": "demo-app"');
  await expect(panel(page).getByTestId("fact-mime")).toHaveText("application/json");
  await expect(panel(page).getByTestId("fact-hash")).not.toBeEmpty();
  await openObject(page, "demo-public", "images/landscape/sunrise.jpg");
  const img = panel(page).getByTestId("preview-image");
  await expect(img).toBeVisible();
  await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.naturalWidth)).toBeGreaterThan(0);
  await openObject(page, "demo-private", "reports/q2.json");
  await expect(panel(page).getByTestId("preview-text")).toContainText('"quarter": "2024Q2"');
});

test("downloads from a private bucket through a short-lived signed link", async ({ page }) => {
  const key = "contracts/合同-2024-001.txt";
  await openObject(page, "demo-private", key);
  const waiting = page.waitForEvent("download");
  await panel(page).getByTestId("download").click();
  const download = await waiting;
  expect(download.suggestedFilename()).toBe("合同-2024-001.txt");
  expect(await readFile((await download.path())!, "utf8")).toContain("合同编号 2024-001");
  const url = new URL(download.url());
  const deadline = Number(url.searchParams.get("e"));
  expect(url.searchParams.get("token")).toMatch(/^demo-access-key:/);
  expect(deadline - Date.now() / 1000).toBeLessThanOrEqual(301);
  // Without the signature the emulator refuses it.
  expect((await fetch(`${url.origin}${url.pathname}`)).status).toBe(401);
});

test("copies a private link with the chosen lifetime", async ({ page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await openObject(page, "demo-private", "reports/q2.json");
  await panel(page).getByTestId("panel-link-expiry").selectOption("86400");
  await panel(page).getByTestId("copy-link").click();
  const link = await panel(page).getByTestId("object-link").inputValue();
  expect(Number(new URL(link).searchParams.get("e")) - Date.now() / 1000).toBeGreaterThan(86_000);
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);
  expect((await fetch(link)).status).toBe(200);
});

test("renames, copies, moves to another bucket, changes MIME and storage class, deletes", async ({ page }) => {
  await openObject(page, OPS, "ops/rename-me.txt");
  const renamed = "ops/renamed 😀 #?%.txt";
  await runOperation(page, "rename", () => page.getByTestId("op-dialog").locator("input[name=toKey]").fill(renamed));
  await expect(row(page, renamed)).toBeVisible();
  await expect(row(page, "ops/rename-me.txt")).toHaveCount(0);
  expect((await sdk.stat(OPS, "ops/rename-me.txt")).status).toBe(612);
  expect(await sdk.stat(OPS, renamed)).toMatchObject({ status: 200, fsize: "rename-me content".length });

  await openObject(page, OPS, "ops/copy-me.txt");
  await runOperation(page, "copy");
  await expect(row(page, "ops/copy-me-copy.txt")).toBeVisible();
  expect((await sdk.stat(OPS, "ops/copy-me.txt")).status).toBe(200);
  expect((await sdk.stat(OPS, "ops/copy-me-copy.txt")).status).toBe(200);

  await openObject(page, OPS, "ops/move-me.txt");
  await runOperation(page, "rename", async () => {
    const dialog = page.getByTestId("op-dialog");
    await dialog.locator("select[name=toBucket]").selectOption(OTHER);
    await dialog.locator("input[name=toKey]").fill("moved/move-me.txt");
  });
  await expect(panel(page)).toBeHidden();
  await expect(row(page, "ops/move-me.txt")).toHaveCount(0);
  expect((await sdk.stat(OPS, "ops/move-me.txt")).status).toBe(612);
  expect((await sdk.stat(OTHER, "moved/move-me.txt")).status).toBe(200);

  await openObject(page, OPS, "ops/meta.txt");
  await runOperation(page, "chgm", () => page.getByTestId("op-dialog").locator("input[name=mimeType]").fill("application/json"));
  await expect(panel(page).getByTestId("fact-mime")).toHaveText("application/json");
  expect((await sdk.stat(OPS, "ops/meta.txt")).mimeType).toBe("application/json");
  await runOperation(page, "chtype", async () => {
    await page.getByTestId("op-dialog").locator("select[name=type]").selectOption("1");
  });
  expect((await sdk.stat(OPS, "ops/meta.txt")).type).toBe(1);

  await openObject(page, OPS, "ops/delete-me.txt");
  await runOperation(page, "delete");
  await expect(panel(page)).toBeHidden();
  await expect(row(page, "ops/delete-me.txt")).toHaveCount(0);
  expect((await sdk.stat(OPS, "ops/delete-me.txt")).status).toBe(612);
});

test("fetches a URL into the bucket, sets delete-after-days and restores from archive", async ({ page }) => {
  const source = `${sdk.info.buckets["demo-public"].domain}/README.txt`;
  await page.goto(`/buckets/${OPS}?prefix=${q("fetched/")}`);
  await page.getByTestId("fetch-url").click();
  const dialog = page.getByTestId("fetch-dialog");
  await dialog.locator("input[name=url]").fill(source);
  await dialog.getByRole("button", { name: /确定|OK/ }).click();
  await expect(dialog).toBeHidden();
  await expect(row(page, "fetched/README.txt")).toBeVisible();
  expect(await sdk.stat(OPS, "fetched/README.txt")).toMatchObject({ status: 200, mimeType: "text/plain" });

  await openObject(page, OPS, "ops/lifecycle.txt");
  await runOperation(page, "deleteAfterDays", () => page.getByTestId("op-dialog").locator("input[name=days]").fill("3"));
  await expect(panel(page).getByTestId("fact-expiration")).toBeVisible();
  const expiration = (await sdk.stat(OPS, "ops/lifecycle.txt")).expiration!;
  expect(expiration - Date.now() / 1000).toBeGreaterThan(2 * 86_400);

  await openObject(page, OPS, "ops/frozen.txt");
  await expect(panel(page).getByTestId("object-preview")).not.toContainText("frozen content");
  await runOperation(page, "restore", () => page.getByTestId("op-dialog").locator("input[name=days]").fill("2"));
  await expect.poll(async () => (await sdk.stat(OPS, "ops/frozen.txt")).restoreStatus).toBeGreaterThanOrEqual(1);
});

test("offers a CDN refresh with the remaining quota after a copy overwrote an existing object", async ({ page }) => {
  await sdk.upload(OPS, "cdn/new.txt", "new version");
  await sdk.upload(OPS, "cdn/live.txt", "old version");
  const url = `${(await emulatorInfo()).buckets[OPS].domain}/cdn/live.txt`;
  const refreshTab = async () => {
    await page.goto("/cdn");
    await page.getByRole("tab", { name: /刷新|Refresh/ }).click();
  };
  await refreshTab();
  const quota = page.getByTestId("cdn-quota-urls");
  await expect(quota).toHaveAttribute("data-left", /^\d+$/);
  const left = Number(await quota.getAttribute("data-left"));

  // A copy to a free key replaces nothing: no offer.
  await openObject(page, OPS, "cdn/new.txt");
  await runOperation(page, "copy", () => page.getByTestId("op-dialog").locator("input[name=toKey]").fill("cdn/fresh.txt"));
  await expect(row(page, "cdn/fresh.txt")).toBeVisible();
  await expect(page.getByTestId("browser-cdn-refresh")).toHaveCount(0);

  await openObject(page, OPS, "cdn/new.txt");
  await runOperation(page, "copy", async () => {
    const dialog = page.getByTestId("op-dialog");
    await dialog.locator("input[name=toKey]").fill("cdn/live.txt");
    await dialog.locator("input[name=force]").check();
  });
  expect(await sdk.stat(OPS, "cdn/live.txt")).toMatchObject({ status: 200, fsize: "new version".length });
  // The quota comes first: one URL needed, and what is left today.
  const offer = page.getByTestId("cdn-refresh-after-overwrite");
  await expect(offer).toContainText(new RegExp(`\\D1\\D+${left}\\D`));
  expect(await sdk.cdnRefreshTasks([url])).toEqual([]);
  await offer.getByRole("button", { name: /刷新 CDN 缓存|Refresh CDN cache/ }).click();
  await expect(offer.getByRole("status")).toContainText(/1/);
  expect(await sdk.cdnRefreshTasks([url])).toEqual([expect.objectContaining({ url, isDir: "no" })]);

  // The CDN page's history shows it, and the quota went down by one.
  await refreshTab();
  await expect(page.getByTestId("cdn-task-row").filter({ hasText: url }).first()).toBeVisible();
  await expect(quota).toHaveAttribute("data-left", String(left - 1));

  // Only roles that may refresh the CDN (cdn.write) get the offer: an editor overwrites without it.
  await page.context().clearCookies();
  await loginAs(page, "editor");
  await openObject(page, OPS, "cdn/new.txt");
  await runOperation(page, "copy", async () => {
    const dialog = page.getByTestId("op-dialog");
    await dialog.locator("input[name=toKey]").fill("cdn/live.txt");
    await dialog.locator("input[name=force]").check();
  });
  await expect(page.getByTestId("browser-notice")).toContainText("cdn/live.txt");
  await expect(page.getByTestId("browser-cdn-refresh")).toHaveCount(0);
});

test("keys with //, spaces, #, ?, %, emoji and 750 bytes open, download, rename and delete", async ({ page }) => {
  await page.goto(`/buckets/${OPS}?prefix=${q("t/")}`);
  await expect(row(page, "t/a/")).toBeVisible();
  for (const key of TRICKY.filter((k) => !k.startsWith("t/a/"))) await expect(row(page, key)).toBeVisible();
  for (const key of TRICKY) {
    await openObject(page, OPS, key);
    const waiting = page.waitForEvent("download");
    await panel(page).getByTestId("download").click();
    const download = await waiting;
    expect(await readFile((await download.path())!, "utf8")).toBe(`content of ${key}`);
  }
  await openObject(page, OPS, "t/hash#tag.txt");
  await runOperation(page, "rename", () => page.getByTestId("op-dialog").locator("input[name=toKey]").fill("t/hash#tag?renamed%20.txt"));
  expect((await sdk.stat(OPS, "t/hash#tag?renamed%20.txt")).status).toBe(200);
  for (const key of ["t/percent%41%2F.txt", "t/" + "é".repeat(374), "t/a//b.txt"]) {
    await openObject(page, OPS, key);
    await runOperation(page, "delete");
    expect((await sdk.stat(OPS, key)).status).toBe(612);
  }
});

// How fast the first page comes is measured in bench/load, not asserted here (a loaded machine is slower, not wrong).
test("a folder of 20,000 objects loads its first page and scrolls to the end", async ({ page }) => {
  test.setTimeout(150_000);
  await page.goto(`/buckets/${BIG}?prefix=${q("many/")}`);
  await expect(row(page, "many/obj-00000.txt")).toBeVisible();
  const list = page.getByTestId("object-list");
  const count = page.getByTestId("list-count");
  await list.focus();
  // Scroll to the bottom again and again: each time the next page of 1000 loads (infinite scroll).
  for (let pages = 1; (await count.getAttribute("data-complete")) !== "true"; pages++) {
    expect(pages).toBeLessThanOrEqual(MANY / 1000 + 1);
    const before = await count.getAttribute("data-count");
    await list.press("End");
    await expect(count).not.toHaveAttribute("data-count", before!, { timeout: 15_000 });
  }
  await expect(count).toHaveAttribute("data-count", String(MANY));
  await list.press("End");
  await expect(row(page, "many/obj-19999.txt")).toBeVisible();
  // Only the rows on screen are in the DOM.
  expect(await page.getByTestId("object-row").count()).toBeLessThan(100);
  // Scrolling back reloads the pages dropped from memory on the way down.
  await list.press("Home");
  await expect(row(page, "many/obj-00000.txt")).toBeVisible({ timeout: 60_000 });
  await expect(count).toHaveAttribute("data-count", String(MANY));
});

test("the list works from the keyboard alone", async ({ page }) => {
  await page.goto("/buckets/demo-public");
  const list = page.getByTestId("object-list");
  await expect(row(page, "docs/")).toBeVisible();
  await list.focus();
  // Folders come first in Qiniu's order: archive/, data/, docs/, …
  await list.press("ArrowDown");
  await list.press("ArrowDown");
  await list.press("ArrowDown");
  await expect(row(page, "docs/")).toHaveAttribute("data-active", "true");
  await list.press("Enter");
  await expect(page).toHaveURL(/prefix=docs%2F/);
  await expect(row(page, "docs/getting-started.md")).toBeVisible();
  await expect(page.getByTestId("object-list")).toBeFocused();
  await page.keyboard.press("End");
  await expect(row(page, "docs/getting-started.md")).toHaveAttribute("data-active", "true");
  await page.keyboard.press("Enter");
  await expect(panel(page).getByTestId("fact-key")).toHaveText("docs/getting-started.md");
  await expect(page).toHaveURL(/key=docs%2Fgetting-started\.md/);
  await page.keyboard.press("Escape");
  await expect(panel(page)).toBeHidden();
  await page.keyboard.press(" ");
  await expect(page.getByTestId("selection-count")).toHaveText(/1/);
  await page.keyboard.press("Backspace");
  await expect(row(page, "README.txt")).toBeVisible();
});

test("hands a selection over to batch operations", async ({ page }) => {
  await page.goto(`/buckets/demo-public?prefix=${q("images/landscape/")}`);
  // Click the row itself (its left edge), not the name, which opens the object.
  await row(page, "images/landscape/mountains.png").click({ position: { x: 4, y: 10 } });
  await row(page, "images/landscape/sunrise.jpg").click({ position: { x: 4, y: 10 }, modifiers: ["Shift"] });
  await expect(page.getByTestId("selection-count")).toHaveText(/3/);
  await page.getByTestId("to-batch").click();
  await expect(page).toHaveURL(/\/batch\?selection=1$/);
  const handed = JSON.parse((await page.evaluate(() => sessionStorage.getItem("qiniu-console:batch-selection")))!);
  expect(handed.bucket).toBe("demo-public");
  expect([...handed.keys].sort()).toEqual(["images/landscape/mountains.png", "images/landscape/night.jpg", "images/landscape/sunrise.jpg"]);
  await page.goto(`/buckets/demo-public?prefix=${q("images/")}`);
  await page.getByTestId("select-matching").click();
  await page.getByTestId("to-batch").click();
  await expect(page).toHaveURL(/\/batch\?bucket=demo-public&prefix=images%2F$/);
});

test("computes the size and count of a prefix in the background and keeps it", async ({ page }) => {
  await page.goto(`/buckets/${BIG}`);
  await page.getByTestId("compute-stats").click();
  const result = page.getByTestId("prefix-stats-result");
  await expect(result).toHaveAttribute("data-status", "done", { timeout: 60_000 });
  await expect(result).toContainText(/20,001/);
  await page.goto("/buckets");
  await expect(page.getByTestId("bucket-row").filter({ hasText: BIG })).toContainText("20,001");
});

test("grid thumbnails are on by default with their cost stated; users switch them for themselves, admins set the default", async ({ page }) => {
  const grid = `/buckets/demo-public?prefix=${q("images/landscape/")}&view=grid`;
  const thumbs = page.getByTestId("object-grid").locator("img");
  const cards = page.getByTestId("object-card");
  await page.goto(grid);
  await expect(cards).toHaveCount(3);
  await expect(page.getByTestId("grid-thumbnails-cost")).toContainText("imageView2");
  await expect(thumbs).toHaveCount(3);
  await expect(thumbs.first()).toHaveAttribute("src", /\?imageView2\/1\/w\/160\/h\/160/);
  // The emulator processes the fop: each card loads a 160×160 thumbnail, not the full-size original.
  for (let i = 0; i < 3; i++) {
    await expect
      .poll(() => thumbs.nth(i).evaluate((img: HTMLImageElement) => (img.complete ? [img.naturalWidth, img.naturalHeight] : null)))
      .toEqual([160, 160]);
  }
  // The user's own switch, kept in this browser across a reload.
  await page.getByTestId("grid-thumbnails").uncheck();
  await expect(thumbs).toHaveCount(0);
  await page.reload();
  await expect(cards).toHaveCount(3);
  await expect(page.getByTestId("grid-thumbnails")).not.toBeChecked();
  await expect(thumbs).toHaveCount(0);
  await page.getByTestId("grid-thumbnails").check();
  await expect(thumbs).toHaveCount(3);
  // An admin turns the bucket's default off: without a choice of their own a user sees none, and may still switch them on.
  await page.goto("/buckets");
  await page.getByTestId("thumbnails-demo-public").uncheck();
  await expect(page.getByTestId("thumbnails-demo-public")).toBeEnabled();
  await page.goto(grid);
  await expect(cards).toHaveCount(3);
  await expect(thumbs).toHaveCount(0);
  await page.getByTestId("grid-thumbnails").check();
  await expect(thumbs).toHaveCount(3);
  await page.evaluate(() => window.localStorage.clear());
  await page.goto("/buckets");
  await page.getByTestId("thumbnails-demo-public").check();
  await expect(page.getByTestId("thumbnails-demo-public")).toBeEnabled();
});

test("viewers only read; a scoped editor is held to its prefix by the server", async ({ page, browser }) => {
  await page.context().clearCookies();
  await loginAs(page, "viewer");
  await openObject(page, "demo-public", "docs/getting-started.md");
  await expect(panel(page).getByTestId("preview-text")).toContainText("Getting started");
  await expect(panel(page).getByTestId("object-operations")).toHaveCount(0);
  await expect(page.getByTestId("upload-here")).toHaveCount(0);

  const scoped = { email: "scoped-editor@e2e.test", password: "e2e-scoped-password-1" };
  await ensureUser(browser, "editor", scoped, `${OPS}/scoped/`);
  await page.context().clearCookies();
  expect(await signInOverHttp(page.request, scoped)).toEqual({ ok: true });
  await page.goto("/buckets");
  await expect(page.getByTestId("bucket-row")).toHaveCount(1);
  // Opening the bucket lands in the one prefix the editor has (no refusal for opening the bucket).
  await page.goto(`/buckets/${OPS}`);
  await expect(page).toHaveURL(/\?prefix=scoped%2F$/);
  await expect(row(page, "scoped/mine.txt")).toBeVisible();
  await expect(page.getByTestId("scope-notice")).toHaveCount(0);
  await openObject(page, OPS, "scoped/mine.txt");
  await panel(page).getByTestId("op-rename").click();
  const dialog = page.getByTestId("op-dialog");
  await dialog.locator("input[name=toKey]").fill("ops/escaped.txt");
  await dialog.getByTestId("op-submit").click();
  await expect(dialog.getByTestId("op-error")).toBeVisible();
  expect((await sdk.stat(OPS, "scoped/mine.txt")).status).toBe(200);
  expect((await sdk.stat(OPS, "ops/escaped.txt")).status).toBe(612);
});

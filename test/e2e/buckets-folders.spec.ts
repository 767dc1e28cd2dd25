// Folders in the bucket browser (issue 20): New folder, and renaming or deleting a whole folder as a batch prefix job
// without leaving the page, in Chromium against the emulator. Every effect is checked through the official Node SDK.
import { expect, request as playwrightRequest, test, type Page } from "@playwright/test";
import { e2eBaseUrl, ensureUser, loginAs, signInOverHttp } from "../support/e2e-login";
import { cssValue, emulatorSdk } from "../support/buckets-e2e";
import { builtActions, callAction } from "../support/server-action-http";

type Sdk = Awaited<ReturnType<typeof emulatorSdk>>;
let sdk: Sdk;

const B = "e2e-folders";
const OTHER = "e2e-folders-2";
const folderRow = (page: Page, prefix: string) => page.locator(`[data-testid="folder-row"][data-key=${cssValue(prefix)}]`);

/** Every key under `prefix`, through the SDK's own listing. */
async function keysUnder(prefix: string): Promise<string[]> {
  const res = await sdk.bucketManager.listPrefix(B, { prefix, limit: 1000 });
  expect(res.resp.statusCode).toBe(200);
  return (res.data as { items: { key: string }[] }).items.map((i) => i.key).sort();
}

async function openRoot(page: Page) {
  await page.goto(`/buckets/${B}`);
  await expect(page.getByTestId("object-list")).toBeVisible();
}

async function folderAction(page: Page, prefix: string, kind: string) {
  await folderRow(page, prefix).getByTestId("folder-menu-button").click();
  await page.getByTestId("row-menu").getByTestId(`menu-folder-${kind}`).click();
  return page.getByTestId("folder-job-dialog");
}

const names = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(2, "0")}.txt`);

test.beforeAll(async () => {
  sdk = await emulatorSdk();
  await sdk.createBucket(B);
  await sdk.createBucket(OTHER);
  await sdk.upload(B, "seed.txt", "seed");
  await sdk.copyMany(B, "seed.txt", names(30, "ren/"));
  await sdk.copyMany(B, "seed.txt", [...names(4, "gone/"), "gone/deeper/x.txt"]);
  await sdk.upload(B, "kept/k.txt", "kept");
});

test("New folder makes an empty name/ object; an existing name and a '/' are refused", async ({ page }) => {
  await loginAs(page, "admin");
  await openRoot(page);
  await page.getByTestId("new-folder").click();
  const dialog = page.getByTestId("new-folder-dialog");
  await dialog.getByRole("textbox").fill("a/b");
  await dialog.getByTestId("new-folder-submit").click();
  await expect(dialog.getByTestId("new-folder-error")).toContainText("/");
  await dialog.getByRole("textbox").fill("made");
  await dialog.getByTestId("new-folder-submit").click();
  await expect(dialog).toBeHidden();
  await expect(folderRow(page, "made/")).toBeVisible();
  const stat = await sdk.stat(B, "made/");
  expect(stat).toMatchObject({ status: 200, fsize: 0 });

  // A folder that exists (made here, or only implied by the keys under it) is refused, and nothing is written.
  for (const existing of ["made", "kept"]) {
    await page.getByTestId("new-folder").click();
    await dialog.getByRole("textbox").fill(existing);
    await dialog.getByTestId("new-folder-submit").click();
    await expect(dialog.getByTestId("new-folder-error")).toContainText(existing);
    await dialog.getByRole("button", { name: /Cancel|取消/ }).click();
  }
  expect((await sdk.stat(B, "kept/")).status).toBe(612);
  // It survives a reload: every client lists it.
  await page.reload();
  await expect(folderRow(page, "made/")).toBeVisible();
});

test("renaming a folder of 30 objects: dry-run count, typed confirmation, progress, all under the new prefix", async ({ page }) => {
  await loginAs(page, "admin");
  await openRoot(page);
  const dialog = await folderAction(page, "ren/", "rename");
  await dialog.getByRole("textbox").fill("renamed");
  await expect(dialog.getByTestId("folder-job-target")).toContainText(`${B}/renamed/`);
  await dialog.getByTestId("folder-job-plan").click();
  await expect(dialog.getByTestId("folder-job-count")).toHaveAttribute("data-count", "30");
  // The dry run changed nothing.
  expect(await keysUnder("ren/")).toHaveLength(30);
  const confirm = dialog.getByTestId("batch-confirm-input");
  await confirm.fill("29");
  await expect(dialog.getByTestId("batch-confirm-submit")).toBeDisabled();
  await confirm.fill("30");
  await dialog.getByTestId("batch-confirm-submit").click();
  await expect(dialog.getByTestId("folder-job")).toHaveAttribute("data-status", "done");
  await expect(dialog.getByTestId("folder-job-result")).toContainText("30");
  await expect(dialog.getByTestId("folder-job-link")).toHaveAttribute("href", /^\/batch\?job=[0-9a-f-]{36}$/);

  expect(await keysUnder("renamed/")).toEqual(names(30, "renamed/"));
  expect(await keysUnder("ren/")).toEqual([]);
  await dialog.getByTestId("folder-job-close").click();
  // The listing reloaded in place.
  await expect(folderRow(page, "renamed/")).toBeVisible();
  await expect(folderRow(page, "ren/")).toHaveCount(0);
});

test("deleting a folder needs its count typed; then the SDK sees nothing under it", async ({ page }) => {
  await loginAs(page, "admin");
  await openRoot(page);
  const dialog = await folderAction(page, "gone/", "delete");
  await dialog.getByTestId("folder-job-plan").click();
  // Subfolders included: 4 files and gone/deeper/x.txt.
  await expect(dialog.getByTestId("folder-job-count")).toHaveAttribute("data-count", "5");
  await expect(dialog.getByTestId("batch-confirm-submit")).toBeDisabled();
  // Cancelling the confirmation closes the planned job: nothing is deleted.
  await dialog.getByRole("button", { name: /Cancel|取消/ }).click();
  await expect(dialog.getByTestId("folder-job")).toHaveAttribute("data-status", "cancelled");
  expect(await keysUnder("gone/")).toHaveLength(5);
  await dialog.getByTestId("folder-job-close").click();
  await folderAction(page, "gone/", "delete");
  await dialog.getByTestId("folder-job-plan").click();
  await expect(dialog.getByTestId("folder-job-count")).toHaveAttribute("data-count", "5");
  await dialog.getByTestId("batch-confirm-input").fill("5");
  await dialog.getByTestId("batch-confirm-submit").click();
  await expect(dialog.getByTestId("folder-job")).toHaveAttribute("data-status", "done");
  expect(await keysUnder("gone/")).toEqual([]);
  expect(await keysUnder("kept/")).toEqual(["kept/k.txt"]);
  await dialog.getByTestId("folder-job-close").click();
  await expect(folderRow(page, "gone/")).toHaveCount(0);
});

test("copying a folder into another bucket's folder needs no typed count and keeps the original", async ({ page }) => {
  await loginAs(page, "admin");
  await openRoot(page);
  const dialog = await folderAction(page, "kept/", "copy");
  await dialog.locator("select[name=bucket]").selectOption(OTHER);
  await dialog.locator("input[name=into]").fill("backup");
  await expect(dialog.getByTestId("folder-job-target")).toContainText(`${OTHER}/backup/kept/`);
  await dialog.getByTestId("folder-job-plan").click();
  await expect(dialog.getByTestId("folder-job-count")).toHaveAttribute("data-count", "1");
  await expect(dialog.getByTestId("batch-confirm-input")).toHaveCount(0);
  await dialog.getByTestId("folder-job-start").click();
  await expect(dialog.getByTestId("folder-job")).toHaveAttribute("data-status", "done");
  expect((await sdk.stat(OTHER, "backup/kept/k.txt")).status).toBe(200);
  expect(await keysUnder("kept/")).toEqual(["kept/k.txt"]);
});

test("a viewer gets no folder changes (only its download) and no New folder", async ({ page }) => {
  await loginAs(page, "viewer");
  await openRoot(page);
  await expect(folderRow(page, "kept/")).toBeVisible();
  await folderRow(page, "kept/").getByTestId("folder-menu-button").click();
  await expect(page.getByTestId("row-menu").getByRole("menuitem")).toHaveCount(1);
  await expect(page.getByTestId("row-menu").getByTestId("menu-folder-zip")).toBeVisible();
  await expect(page.getByTestId("new-folder")).toHaveCount(0);
});

test("the server refuses bad names and folders outside the user's scope, whatever the page sends", async ({ page, browser }) => {
  const createFolder = builtActions().find((a) => a.filename === "server/actions/folders.ts" && a.exportedName === "createFolder");
  expect(createFolder, "createFolder is in the build").toBeDefined();
  const codeOf = async (ctx: Parameters<typeof callAction>[0], input: unknown) => {
    const res = (await callAction(ctx, e2eBaseUrl(), createFolder!, [input])).result as { ok: boolean; error?: { code: string } };
    return res.ok ? "ok" : res.error?.code;
  };
  await loginAs(page, "admin");
  for (const name of ["", "x/y", "y".repeat(750)]) expect(await codeOf(page.request, { bucket: B, parent: "", name })).toBe("invalid_name");
  expect(await keysUnder("x/")).toEqual([]);
  expect(await keysUnder("yyy")).toEqual([]);

  const creds = { email: "folders-scoped@e2e.test", password: "kept-prefix-editor-81q" };
  await ensureUser(browser, "editor", creds, `${B}/kept/`);
  const scoped = await playwrightRequest.newContext();
  try {
    expect(await signInOverHttp(scoped, creds)).toEqual({ ok: true });
    expect(await codeOf(scoped, { bucket: B, parent: "", name: "outside" })).toBe("forbidden");
    expect(await codeOf(scoped, { bucket: B, parent: "kept/", name: "inner" })).toBe("ok");
  } finally {
    await scoped.dispose();
  }
  expect((await sdk.stat(B, "outside/")).status).toBe(612);
  expect(await sdk.stat(B, "kept/inner/")).toMatchObject({ status: 200, fsize: 0 });
});

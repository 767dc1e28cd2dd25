// Bulk downloads (issue 20) in Chromium against the emulator: three selected files as one .zip, a folder's zip by
// link, the signed-URL list, and the routes refusing a scoped user outside their prefix. Contents are compared with
// the official SDK's downloads.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import qiniu from "qiniu";
import { ensureUser, loginAs, signInOverHttp } from "../support/e2e-login";
import { cssValue, emulatorInfo, emulatorSdk } from "../support/buckets-e2e";
import { e2eServerEnv } from "../support/e2e-env";

const B = "e2e-zip";
const FILES = {
  "pack/one.txt": "first file",
  "pack/two.txt": "second file",
  "pack/three.bin": "x".repeat(200_000),
  "pack/sub/deep/four.txt": "fourth, nested",
};
const q = (s: string) => encodeURIComponent(s);
const row = (page: Page, key: string) => page.locator(`[data-key=${cssValue(key)}]`);
const sha = (b: Buffer | string) => createHash("sha256").update(b).digest("hex");
const entries = (file: string) => execFileSync("unzip", ["-Z1", file], { encoding: "utf8" }).split("\n").filter(Boolean).sort();
const entry = (file: string, name: string) => execFileSync("unzip", ["-p", file, name]);
let domain: string;

async function sdkBytes(key: string): Promise<Buffer> {
  const info = await emulatorInfo();
  const mac = new qiniu.auth.digest.Mac(info.accessKey, e2eServerEnv().EMULATOR_SECRET_KEY);
  const url = new qiniu.rs.BucketManager(mac, new qiniu.conf.Config()).privateDownloadUrl(domain, key, Math.floor(Date.now() / 1000) + 600);
  return Buffer.from(await (await fetch(url)).arrayBuffer());
}

test.beforeAll(async () => {
  const sdk = await emulatorSdk();
  await sdk.createBucket(B, { private: true });
  for (const [key, body] of Object.entries(FILES)) await sdk.upload(B, key, body);
  await sdk.upload(B, "elsewhere/secret.txt", "not for the scoped user");
  domain = (await emulatorInfo()).buckets[B].domain;
});

const THREE = ["pack/one.txt", "pack/two.txt", "pack/three.bin"];

async function selectThree(page: Page) {
  await loginAs(page, "admin");
  await page.goto(`/buckets/${B}?prefix=${q("pack/")}`);
  await expect(page.getByTestId("object-list")).toBeVisible();
  for (const key of THREE) await row(page, key).getByRole("checkbox").check();
  await expect(page.getByTestId("selection-count")).toContainText("3");
}

test("three selected files download as one zip, named relative to the folder, with the SDK's bytes", async ({ page }) => {
  await selectThree(page);
  const waiting = page.waitForEvent("download");
  await page.getByTestId("selection-bar").getByTestId("zip-download").click();
  const download = await waiting;
  expect(download.suggestedFilename()).toBe("pack.zip");
  const file = (await download.path())!;
  expect(entries(file)).toEqual(["one.txt", "three.bin", "two.txt"]);
  for (const key of THREE) {
    const bytes = entry(file, key.slice("pack/".length));
    expect(sha(bytes), key).toBe(sha(FILES[key as keyof typeof FILES]));
    expect(sha(bytes), key).toBe(sha(await sdkBytes(key)));
  }
});

test("the selection's aria2 list keeps the names; each URL fetches its object", async ({ page }) => {
  await selectThree(page);
  const waiting = page.waitForEvent("download");
  await page.getByTestId("selection-bar").getByTestId("urls-aria2").click();
  const lines = (await readFile((await (await waiting).path())!, "utf8")).trimEnd().split("\n");
  expect(lines.filter((l) => l.startsWith("  out=")).sort()).toEqual(["  out=one.txt", "  out=three.bin", "  out=two.txt"]);
  expect(await (await fetch(lines[lines.indexOf("  out=two.txt") - 1])).text()).toBe("second file");
});

test("a folder downloads as a zip with its nested folders, and as a CSV link list", async ({ page }) => {
  await loginAs(page, "admin");
  await page.goto(`/buckets/${B}?prefix=${q("pack/")}`);
  await expect(page.getByTestId("object-list")).toBeVisible();
  // Nothing selected: the buttons act on the open folder, as a plain link the browser saves itself. The folder has
  // not been measured, so the console asks first.
  await page.getByTestId("selection-bar").getByTestId("zip-download").click();
  await expect(page.getByTestId("zip-confirm")).toContainText(/not been measured|还未统计/);
  const waiting = page.waitForEvent("download");
  await page.getByTestId("zip-confirm-ok").click();
  const zip = await waiting;
  expect(zip.suggestedFilename()).toBe("pack.zip");
  const file = (await zip.path())!;
  expect(entries(file)).toEqual(["one.txt", "sub/deep/four.txt", "three.bin", "two.txt"]);
  expect(entry(file, "sub/deep/four.txt").toString()).toBe("fourth, nested");
  const csvDl = page.waitForEvent("download");
  await page.getByTestId("selection-bar").getByTestId("urls-csv").click();
  const rows = (await readFile((await (await csvDl).path())!, "utf8"))
    .replace(/^\uFEFF/, "")
    .trim()
    .split("\r\n");
  expect(rows[0]).toBe("key,size,url");
  expect(
    rows
      .slice(1)
      .map((r) => r.split(",")[0])
      .sort(),
  ).toEqual(Object.keys(FILES).sort());
  const url = rows.find((r) => r.startsWith("pack/sub/deep/four.txt,"))!.split(",")[2];
  expect(await (await fetch(url)).text()).toBe("fourth, nested");
});

test("a folder's menu, in the list and on its grid card, downloads it as a zip after showing its size and count", async ({ page }) => {
  await loginAs(page, "admin");
  await page.goto(`/buckets/${B}?prefix=${q("pack/")}&view=grid`);
  const card = page.locator(`[data-testid=folder-card][data-key=${cssValue("pack/sub/")}]`);
  await card.getByTestId("folder-menu-button").click();
  await expect(page.getByTestId("menu-folder-zip")).toBeVisible();
  await expect(page.getByTestId("menu-folder-delete")).toBeVisible();
  await page.keyboard.press("Escape");

  await page.goto(`/buckets/${B}?prefix=${q("pack/")}`);
  await row(page, "pack/sub/").getByTestId("folder-menu-button").click();
  await page.getByTestId("menu-folder-zip").click();
  const dialog = page.getByTestId("folder-zip-dialog");
  await expect(dialog).toContainText(`${B}/pack/sub/`);
  await dialog.getByTestId("compute-stats").click();
  await expect(dialog.getByTestId("prefix-stats-result")).toHaveAttribute("data-status", "done");
  await expect(dialog.getByTestId("prefix-stats-result")).toContainText("1");
  // Measured and small: no second confirmation, the browser saves it.
  const waiting = page.waitForEvent("download");
  await dialog.getByTestId("zip-download").click();
  const zip = await waiting;
  expect(zip.suggestedFilename()).toBe("sub.zip");
  const file = (await zip.path())!;
  expect(entries(file)).toEqual(["deep/four.txt"]);
  expect(sha(entry(file, "deep/four.txt"))).toBe(sha(await sdkBytes("pack/sub/deep/four.txt")));
});

test("a user scoped to pack/ cannot zip or list outside it", async ({ page, browser }) => {
  const scoped = { email: "zip-scoped@e2e.test", password: "e2e-zip-scoped-password-1" };
  await ensureUser(browser, "viewer", scoped, `${B}/pack/`);
  expect(await signInOverHttp(page.request, scoped)).toEqual({ ok: true });
  const inside = await page.request.get(`/api/buckets/${B}/zip?prefix=${q("pack/sub/")}`);
  expect(inside.status()).toBe(200);
  for (const path of [`/api/buckets/${B}/zip?prefix=${q("elsewhere/")}`, `/api/buckets/${B}/zip?prefix=`, `/api/buckets/${B}/urls?prefix=${q("elsewhere/")}`]) {
    const res = await page.request.get(path);
    expect(res.status(), path).toBe(403);
    expect(await res.text()).not.toContain("not for the scoped user");
  }
  const res = await page.request.post(`/api/buckets/${B}/zip`, { data: { base: "pack/", keys: ["pack/one.txt", "elsewhere/secret.txt"] } });
  expect(res.status()).toBe(403);
});

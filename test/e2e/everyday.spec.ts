// Everyday file management (issue 20) in Chromium against the emulator: storage class and custom metadata chosen at
// upload, name conflicts resolved per file, the uploader shown by name, scoped users landing in their prefix, and
// Chinese text previewed and opened by its link. Effects are checked through the emulator with the official Node SDK.
import { expect, test, type Page } from "@playwright/test";
import { etagOfBuffer } from "@/lib/qiniu/etag-node";
import { decodeUploadToken } from "@/lib/qiniu/policy";
import { emulatorSdk } from "../support/buckets-e2e";
import { ensureUser, loginAs, signInOverHttp } from "../support/e2e-login";
import { E2E_ADMIN } from "../support/e2e-env";

type Sdk = Awaited<ReturnType<typeof emulatorSdk>>;
let sdk: Sdk;

const BUCKET = "e2e-everyday";
const SCOPED_BUCKET = "e2e-everyday-scoped";
const MiB = 1024 * 1024;
const item = (page: Page, key: string) => page.locator(`[data-testid="upload-item"][data-key="${key}"]`);
const stat = (key: string) => sdk.stat(BUCKET, key) as Promise<{ status: number; type?: number; hash?: string; "x-qn-meta"?: Record<string, string> }>;

test.beforeAll(async () => {
  sdk = await emulatorSdk();
  await sdk.createBucket(BUCKET);
  await sdk.createBucket(SCOPED_BUCKET);
  for (const name of ["a", "b", "c", "d"]) await sdk.upload(BUCKET, `conf/${name}.txt`, `old ${name}`);
  for (const key of ["one/first.txt", "two/second.txt", "elsewhere/hidden.txt"]) await sdk.upload(SCOPED_BUCKET, key, key);
  await sdk.upload(BUCKET, "text/你好.txt", "你好，世界！七牛云存储。", "text/plain");
});

test("the storage class and custom metadata chosen in the form are what the stored objects have", async ({ page }) => {
  await loginAs(page, "admin");
  await page.goto(`/upload?bucket=${BUCKET}&prefix=cls/`);
  await page.getByTestId("upload-storage-class").selectOption("1");

  // A name Qiniu refuses is caught in the form, and no file is queued with it.
  await page.getByTestId("upload-meta-add").click();
  await page.getByTestId("upload-meta-name").fill("bad.name");
  await page.getByTestId("upload-meta-value").fill("x");
  await expect(page.getByTestId("upload-meta-problem")).toBeVisible();
  await page.getByTestId("upload-input-files").setInputFiles({ name: "never.txt", mimeType: "text/plain", buffer: Buffer.from("never") });
  await expect(page.getByTestId("upload-notice")).toContainText(/自定义元数据|custom metadata/);
  await expect(page.getByTestId("upload-item")).toHaveCount(0);

  await page.getByTestId("upload-meta-name").fill("project");
  await page.getByTestId("upload-meta-value").fill("apollo 11");
  await expect(page.getByTestId("upload-meta-problem")).toHaveCount(0);
  const big = Buffer.alloc(5 * MiB + 3, 7);
  const up = sdk.info.endpoints.up;
  const init = page.waitForRequest((r) => r.url().startsWith(up) && r.method() === "POST" && r.url().endsWith("/uploads"));
  await page.getByTestId("upload-input-files").setInputFiles([
    { name: "small.txt", mimeType: "text/plain", buffer: Buffer.from("small file") },
    { name: "big.bin", mimeType: "application/octet-stream", buffer: big },
  ]);
  // The class is in the signed policy (the server's decision), not something the browser adds to the request.
  const token = /^UpToken (.+)$/.exec((await init).headers()["authorization"] ?? "")?.[1];
  expect(decodeUploadToken(token!).policy).toMatchObject({ scope: `${BUCKET}:cls/big.bin`, fileType: 1 });
  for (const key of ["cls/small.txt", "cls/big.bin"]) await expect(item(page, key)).toHaveAttribute("data-status", "done", { timeout: 30_000 });
  // Form upload (qiniu-js) and v2 multipart (our transport) both carry the class (token) and the metadata.
  for (const key of ["cls/small.txt", "cls/big.bin"]) expect(await stat(key)).toMatchObject({ status: 200, type: 1, "x-qn-meta": { project: "apollo 11" } });
  expect((await stat("cls/big.bin")).hash).toBe(etagOfBuffer(big));
  await expect(page.getByTestId("upload-summary")).toBeVisible();
});

test("a name conflict is resolved per file: retry after ticking overwrite, overwrite, keep both, skip", async ({ page }) => {
  await loginAs(page, "admin");
  await page.goto(`/upload?bucket=${BUCKET}&prefix=conf/`);
  await page
    .getByTestId("upload-input-files")
    .setInputFiles(["a", "b", "c", "d"].map((n) => ({ name: `${n}.txt`, mimeType: "text/plain", buffer: Buffer.from(`new ${n}`) })));
  for (const n of ["a", "b", "c", "d"]) {
    await expect(item(page, `conf/${n}.txt`)).toHaveAttribute("data-status", "failed", { timeout: 30_000 });
    await expect(item(page, `conf/${n}.txt`).getByTestId("item-conflict")).toBeVisible();
  }

  await page.getByTestId("upload-overwrite").check();
  await item(page, "conf/a.txt")
    .getByRole("button", { name: /^(重试|Retry)$/ })
    .click();
  await expect(item(page, "conf/a.txt")).toHaveAttribute("data-status", "done", { timeout: 30_000 });
  await page.getByTestId("upload-overwrite").uncheck();

  await item(page, "conf/b.txt").getByTestId("item-conflict-overwrite").click();
  await item(page, "conf/c.txt").getByTestId("item-conflict-rename").click();
  await item(page, "conf/d.txt").getByTestId("item-conflict-skip").click();
  await expect(item(page, "conf/b.txt")).toHaveAttribute("data-status", "done", { timeout: 30_000 });
  await expect(item(page, "conf/c (1).txt")).toHaveAttribute("data-status", "done", { timeout: 30_000 });
  await expect(item(page, "conf/d.txt")).toHaveAttribute("data-status", "skipped");
  await expect(page.getByTestId("upload-summary")).toContainText(/跳过 1 个|1 existing file was skipped/);

  expect((await stat("conf/a.txt")).hash).toBe(etagOfBuffer(Buffer.from("new a")));
  expect((await stat("conf/b.txt")).hash).toBe(etagOfBuffer(Buffer.from("new b")));
  expect((await stat("conf/c.txt")).hash).toBe(etagOfBuffer(Buffer.from("old c")));
  expect((await stat("conf/c (1).txt")).hash).toBe(etagOfBuffer(Buffer.from("new c")));
  expect((await stat("conf/d.txt")).hash).toBe(etagOfBuffer(Buffer.from("old d")));

  // Who uploaded it is shown as a person, not as the user id the token carried.
  await page.goto(`/buckets/${BUCKET}?prefix=conf%2F&key=${encodeURIComponent("conf/a.txt")}`);
  const endUser = page.getByTestId("fact-end-user");
  await expect(endUser).toHaveText(new RegExp(`^(.+ \\()?${E2E_ADMIN.email.replace(/\./g, "\\.")}\\)?$`));
  // The id itself stays reachable (hover), not as the text.
  await expect(endUser.locator("span")).toHaveAttribute("title", /^[0-9a-f-]{36}$/);
});

test("scoped users land in their prefix: one prefix opens it, several are offered, nothing is refused", async ({ page, browser }) => {
  const one = { email: "everyday-one@e2e.test", password: "e2e-everyday-password-1" };
  const two = { email: "everyday-two@e2e.test", password: "e2e-everyday-password-2" };
  await ensureUser(browser, "editor", one, `${SCOPED_BUCKET}/one/`);
  await ensureUser(browser, "viewer", two, `${SCOPED_BUCKET}/one/\n${SCOPED_BUCKET}/two/`);

  expect(await signInOverHttp(page.request, one)).toEqual({ ok: true });
  await page.goto("/buckets");
  await expect(page.getByTestId("bucket-row")).toHaveCount(1);
  await page.getByRole("link", { name: SCOPED_BUCKET, exact: true }).click();
  await expect(page).toHaveURL(/\?prefix=one%2F$/);
  await expect(page.locator('[data-key="one/first.txt"]')).toBeVisible();
  await expect(page.getByTestId("bucket-browser")).not.toContainText(/没有权限|may not/);
  await expect(page.getByTestId("bucket-browser").locator(".text-red-600")).toHaveCount(0);

  await page.context().clearCookies();
  expect(await signInOverHttp(page.request, two)).toEqual({ ok: true });
  await page.goto(`/buckets/${SCOPED_BUCKET}`);
  const notice = page.getByTestId("scope-notice");
  await expect(notice.getByTestId("scope-link")).toHaveText(["one/", "two/"]);
  await expect(page.getByTestId("bucket-browser")).not.toContainText(/没有权限|may not/);
  await expect(page.getByTestId("bucket-browser").locator(".text-red-600")).toHaveCount(0);
  await notice.getByRole("link", { name: "two/" }).click();
  await expect(page.locator('[data-key="two/second.txt"]')).toBeVisible();
  await expect(page.locator('[data-key="elsewhere/hidden.txt"]')).toHaveCount(0);
});

test("a Chinese .txt previews and opens by its link as text, not mojibake", async ({ page }) => {
  await loginAs(page, "admin");
  await page.goto(`/buckets/${BUCKET}?prefix=text%2F&key=${encodeURIComponent("text/你好.txt")}`);
  const panel = page.getByTestId("details-panel");
  await expect(panel.getByTestId("preview-text")).toHaveText("你好，世界！七牛云存储。");
  await panel.getByTestId("copy-link").click();
  const url = await panel.getByTestId("object-link").inputValue();
  const res = await page.goto(url);
  expect(res?.headers()["content-type"]).toBe("text/plain; charset=utf-8");
  await expect(page.locator("body")).toHaveText("你好，世界！七牛云存储。");
});

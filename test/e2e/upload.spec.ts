// The Upload page in Chromium against the emulator (issue 7): small files go by form upload through qiniu-js, large
// ones by our multipart transport, straight to the emulator's up host with tokens from the console, callbacks come back to the console, and every result is checked through the
// emulator with the official Node SDK. The large file is the 200 MiB (50 parts of 4 MiB).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import qiniu from "qiniu";
import { etagOfBuffer } from "@/lib/qiniu/etag-node";
import { emulatorSdk } from "../support/buckets-e2e";
import { ensureUser, loginAs } from "../support/e2e-login";
import { e2eServerEnv } from "../support/e2e-env";

type Sdk = Awaited<ReturnType<typeof emulatorSdk>>;
let sdk: Sdk;
let dir: string;

const BUCKET = "e2e-upload";
const MiB = 1024 * 1024;
const SCOPED = { email: "scoped-uploader@e2e.test", password: "e2e-scoped-password-1" };

const items = (page: Page) => page.getByTestId("upload-item");
const item = (page: Page, key: string) => page.locator(`[data-testid="upload-item"][data-key="${key}"]`);

function pattern(size: number, seed: number): Buffer {
  const b = Buffer.allocUnsafe(size);
  for (let i = 0; i < size; i++) b[i] = (i * 31 + seed) % 251;
  return b;
}

function writeFile(rel: string, data: Buffer | string): string {
  const p = path.join(dir, rel);
  mkdirSync(path.dirname(p), { recursive: true });
  writeFileSync(p, data);
  return p;
}

async function expectDone(page: Page, key: string) {
  const row = item(page, key);
  await expect(row).toHaveAttribute("data-status", "done", { timeout: 30_000 });
  await expect(row.getByTestId("item-hash")).toContainText(/哈希一致|Hash matches/);
  await expect(row.getByTestId("item-recorded")).toBeVisible();
}

test.beforeAll(async () => {
  sdk = await emulatorSdk();
  await sdk.createBucket(BUCKET);
  dir = mkdtempSync(path.join(os.tmpdir(), "e2e-upload-"));
});

test.afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test("uploads several files and a whole folder, recorded by callback, hashes verified", async ({ page }) => {
  await loginAs(page, "admin");
  await page.goto(`/upload?bucket=${BUCKET}&prefix=small/`);
  await expect(page.getByTestId("callback-on")).toBeVisible();
  await expect(page.getByTestId("upload-bucket")).toHaveValue(BUCKET);
  await expect(page.getByTestId("upload-prefix")).toHaveValue("small/");

  const files = [
    { name: "a.txt", mimeType: "text/plain", buffer: Buffer.from("alpha") },
    { name: "b.json", mimeType: "application/json", buffer: Buffer.from('{"b":2}') },
    { name: "空 格.txt", mimeType: "text/plain", buffer: pattern(300_000, 5) },
  ];
  await page.getByTestId("upload-input-files").setInputFiles(files);
  for (const f of files) await expectDone(page, `small/${f.name}`);

  const site = path.join(dir, "site");
  writeFile("site/index.html", "<h1>hi</h1>");
  writeFile("site/css/main.css", "body{}");
  writeFile("site/img/deep/logo.svg", "<svg/>");
  await page.getByTestId("upload-input-folder").setInputFiles(site);
  for (const key of ["small/site/index.html", "small/site/css/main.css", "small/site/img/deep/logo.svg"]) await expectDone(page, key);

  await expect(page.getByTestId("upload-summary")).toBeVisible();
  await expect(page.getByTestId("upload-summary-line")).toContainText(/成功 6 个|6 succeeded/);
  for (const f of files) {
    const st = await sdk.stat(BUCKET, `small/${f.name}`);
    expect(st).toMatchObject({ status: 200, hash: etagOfBuffer(f.buffer), fsize: f.buffer.length });
  }
  expect(await sdk.stat(BUCKET, "small/site/img/deep/logo.svg")).toMatchObject({ status: 200, hash: etagOfBuffer(Buffer.from("<svg/>")) });
});

test("uploads dropped files", async ({ page }) => {
  await loginAs(page, "admin");
  await page.goto(`/upload?bucket=${BUCKET}&prefix=dropped/`);
  const dataTransfer = await page.evaluateHandle(() => {
    const dt = new DataTransfer();
    dt.items.add(new File(["dropped one"], "one.txt", { type: "text/plain" }));
    dt.items.add(new File(["dropped two"], "two.txt", { type: "text/plain" }));
    return dt;
  });
  await page.getByTestId("upload-dropzone").dispatchEvent("drop", { dataTransfer });
  await expectDone(page, "dropped/one.txt");
  await expectDone(page, "dropped/two.txt");
  expect(await sdk.stat(BUCKET, "dropped/two.txt")).toMatchObject({ status: 200, hash: etagOfBuffer(Buffer.from("dropped two")) });
});

test("resumes a large resumable upload after a reload and stores the right content", async ({ page }) => {
  test.setTimeout(120_000);
  const SIZE = 200 * MiB;
  const data = pattern(SIZE, 9);
  const file = writeFile("big/movie.bin", data);
  const key = "big/movie.bin";
  await loginAs(page, "admin");
  await page.goto(`/upload?bucket=${BUCKET}&prefix=big/`);

  // Let the first 25 of 50 parts through, then hold every further part: the page is reloaded with the upload half done.
  let passed = 0;
  const held: (() => void)[] = [];
  await page.route(/\/buckets\/[^/]+\/objects\/[^/]+\/uploads\/[^/]+\/\d+$/, async (route) => {
    if (route.request().method() === "PUT" && passed < 25) {
      passed++;
      return route.continue();
    }
    await new Promise<void>((resolve) => held.push(resolve));
    await route.abort().catch(() => undefined);
  });
  await page.getByTestId("upload-input-files").setInputFiles(file);
  await expect(item(page, key)).toHaveAttribute("data-status", "uploading");
  await page.waitForFunction(
    ([k, size]) => {
      const raw = localStorage.getItem(`qiniu-console:multipart:v1:${size}:${k}:movie.bin`);
      return raw !== null && (JSON.parse(raw).parts as unknown[]).length >= 25;
    },
    [key, SIZE] as const,
    { timeout: 60_000 },
  );
  expect((await sdk.stat(BUCKET, key)).status).toBe(612);

  await page.reload();
  for (const release of held) release();
  await page.unrouteAll({ behavior: "ignoreErrors" });
  const panel = page.getByTestId("resume-panel");
  await expect(panel.getByTestId("resume-item")).toContainText("movie.bin");
  await expect(panel.getByTestId("resume-item")).toContainText("50%");

  const partsAfterReload: string[] = [];
  page.on("request", (r) => {
    if (r.method() === "PUT" && /\/uploads\/[^/]+\/\d+$/.test(r.url())) partsAfterReload.push(r.url());
  });
  await page.getByTestId("resume-input").setInputFiles(file);
  await expectDone(page, key);
  await expect(item(page, key).getByTestId("item-resumed")).toContainText(/100 MB/);
  expect(partsAfterReload).toHaveLength(25);
  await expect(page.getByTestId("resume-panel")).toBeHidden();
  expect(await sdk.stat(BUCKET, key)).toMatchObject({ status: 200, fsize: data.length, hash: etagOfBuffer(data) });
});

test("refuses forged and altered callbacks", async ({ request, baseURL }) => {
  const seal = `deadline=${Math.floor(Date.now() / 1000) + 600}&host=${encodeURIComponent(new URL(baseURL!).host)}`;
  const body = `key=forged.txt&hash=Fto5o-5ea0sNMlW_75VgGJCv2AcJ&fsize=0&mimeType=text%2Fplain&bucket=${BUCKET}&endUser=x&batch=b&user=x&overwrite=0&${seal}`;
  const form = { "content-type": "application/x-www-form-urlencoded" };
  const url = `${baseURL}/api/qiniu/callback`;
  // Signatures made by the official Node SDK (QBox, as Qiniu signs callbacks).
  const forged = qiniu.util.generateAccessToken(new qiniu.auth.digest.Mac(sdk.info.accessKey, "not-the-secret"), url, body);
  const r1 = await request.post(url, { headers: { ...form, authorization: forged }, data: body });
  expect(r1.status()).toBe(401);
  // A genuine signature (the console's own secret) over a different body.
  const genuine = qiniu.util.generateAccessToken(new qiniu.auth.digest.Mac(sdk.info.accessKey, e2eServerEnv().EMULATOR_SECRET_KEY), url, body);
  const r2 = await request.post(url, { headers: { ...form, authorization: genuine }, data: body.replace("forged.txt", "altered.txt") });
  expect(r2.status()).toBe(401);
  const r3 = await request.post(url, { headers: form, data: body });
  expect(r3.status()).toBe(401);
  // The genuine signature over its own body is accepted: the refusals above are about the signature, nothing else.
  const r4 = await request.post(url, { headers: { ...form, authorization: genuine }, data: body });
  expect(r4.status()).toBe(200);
  expect(await r4.json()).toMatchObject({ recorded: true, key: "forged.txt" });
});

test("a scoped editor's token is refused by the emulator outside the scope, and the page refuses it too", async ({ page, browser }) => {
  await ensureUser(browser, "editor", SCOPED, `${BUCKET}/team-a/`);
  const { signInOverHttp } = await import("../support/e2e-login");
  expect(await signInOverHttp(page.request, SCOPED)).toEqual({ ok: true });
  await page.goto(`/upload?bucket=${BUCKET}&prefix=team-b/`);
  // Outside the scope, the page opens at the user's own prefix.
  await expect(page.getByTestId("upload-prefix")).toHaveValue("team-a/");

  // A resumable-size file: its requests carry the token in the Authorization header, where the test can read it.
  const up = sdk.info.endpoints.up;
  const init = page.waitForRequest((r) => r.url().startsWith(up) && r.method() === "POST" && r.url().endsWith("/uploads"));
  const mine = pattern(5 * MiB, 3);
  await page.getByTestId("upload-input-files").setInputFiles({ name: "mine.bin", mimeType: "application/octet-stream", buffer: mine });
  const token = /^UpToken (.+)$/.exec((await init).headers()["authorization"] ?? "")?.[1];
  expect(token).toBeTruthy();
  await expectDone(page, "team-a/mine.bin");
  expect(await sdk.stat(BUCKET, "team-a/mine.bin")).toMatchObject({ status: 200, hash: etagOfBuffer(mine) });

  // The same token, used by the browser directly for a key outside the scope: refused by the storage service itself.
  const status = await page.evaluate(
    async ({ up, token }) => {
      const form = new FormData();
      form.set("token", token);
      form.set("key", "team-b/stolen.txt");
      form.set("file", new Blob(["stolen"], { type: "text/plain" }), "stolen.txt");
      return (await fetch(`${up}/`, { method: "POST", body: form })).status;
    },
    { up, token: token! },
  );
  expect(status).toBe(403);
  expect((await sdk.stat(BUCKET, "team-b/stolen.txt")).status).toBe(612);

  // The page itself refuses a destination outside the scope before any token is asked for.
  await page.getByTestId("upload-prefix").fill("team-b/");
  await page.getByTestId("upload-input-files").setInputFiles({ name: "nope.txt", mimeType: "text/plain", buffer: Buffer.from("nope") });
  const refused = item(page, "team-b/nope.txt");
  await expect(refused).toHaveAttribute("data-status", "refused");
  await expect(refused.getByTestId("item-error")).toContainText(/没有上传到该位置的权限|may not upload to this location/);
  expect((await sdk.stat(BUCKET, "team-b/nope.txt")).status).toBe(612);
});

test("overwriting offers a CDN refresh with the remaining quota first", async ({ page }) => {
  await sdk.upload(BUCKET, "site/logo.txt", "old logo");
  await loginAs(page, "admin");
  await page.goto(`/upload?bucket=${BUCKET}&prefix=site/`);
  await page.getByTestId("upload-input-files").setInputFiles({ name: "logo.txt", mimeType: "text/plain", buffer: Buffer.from("new logo") });
  await expect(item(page, "site/logo.txt")).toHaveAttribute("data-status", "failed");
  await expect(item(page, "site/logo.txt").getByTestId("item-error")).toContainText("614");
  expect(await sdk.stat(BUCKET, "site/logo.txt")).toMatchObject({ hash: etagOfBuffer(Buffer.from("old logo")) });

  await page.getByTestId("upload-overwrite").check();
  await page.getByTestId("upload-input-files").setInputFiles({ name: "logo.txt", mimeType: "text/plain", buffer: Buffer.from("new logo") });
  await expect(items(page).filter({ has: page.getByTestId("item-replaced") })).toHaveCount(1, { timeout: 30_000 });
  expect(await sdk.stat(BUCKET, "site/logo.txt")).toMatchObject({ hash: etagOfBuffer(Buffer.from("new logo")) });
  const offer = page.getByTestId("cdn-offer");
  await expect(offer.getByTestId("cdn-quota")).toBeVisible();
  await offer.getByTestId("cdn-refresh").click();
  await expect(offer.getByTestId("cdn-refresh-done")).toBeVisible();
});

test("a processing preset runs after upload and its job is recorded", async ({ page }) => {
  const sharp = (await import("sharp")).default;
  const png = await sharp({ create: { width: 640, height: 480, channels: 3, background: { r: 200, g: 30, b: 90 } } })
    .png()
    .toBuffer();
  await loginAs(page, "admin");
  await page.goto(`/upload?bucket=${BUCKET}&prefix=img/`);
  await page.getByTestId("upload-preset").selectOption("thumbnail");
  await page.getByTestId("upload-input-files").setInputFiles({ name: "photo.png", mimeType: "image/png", buffer: png });
  await expectDone(page, "img/photo.png");
  await expect(item(page, "img/photo.png").getByTestId("item-pfop")).toBeVisible();
  // Qiniu (the emulator) runs the preset and saves the thumbnail next to the source.
  await expect.poll(async () => (await sdk.stat(BUCKET, "img/photo.png-thumb320.webp")).status, { timeout: 30_000 }).toBe(200);
  expect((await sdk.stat(BUCKET, "img/photo.png-thumb320.webp")).mimeType).toBe("image/webp");
  // The upload recorded the job id (from the callback); the Processing page lists it.
  const persistentId = await page.evaluate(() => {
    const text = document.querySelector('[data-testid="upload-item"][data-key="img/photo.png"] [data-testid="item-pfop"]')?.textContent ?? "";
    return /[:：]\s*(\S+)$/.exec(text.trim())?.[1] ?? "";
  });
  expect(persistentId).not.toBe("");
  await page.goto("/processing");
  await expect(page.locator(`[data-testid="pfop-job"][data-job-id="${persistentId}"]`)).toBeVisible();
});

test("pauses, resumes, cancels and retries from the queue", async ({ page }) => {
  const data = pattern(12 * MiB, 4);
  await loginAs(page, "admin");
  await page.goto(`/upload?bucket=${BUCKET}&prefix=controls/`);
  // Hold parts after the first so the upload is still running when the buttons are used.
  let passed = 0;
  await page.route(/\/uploads\/[^/]+\/\d+$/, async (route) => {
    if (passed++ < 1) return route.continue();
    await new Promise((r) => setTimeout(r, 60_000));
    await route.abort().catch(() => undefined);
  });
  await page.getByTestId("upload-input-files").setInputFiles({ name: "paused.bin", mimeType: "application/octet-stream", buffer: data });
  const row = item(page, "controls/paused.bin");
  await expect(row).toHaveAttribute("data-status", "uploading");
  await expect.poll(() => page.evaluate(() => Object.keys(localStorage).some((k) => k.includes("paused.bin")))).toBe(true);
  await row.getByRole("button", { name: /暂停|Pause/ }).click();
  await expect(row).toHaveAttribute("data-status", "paused");
  await page.unrouteAll({ behavior: "ignoreErrors" });
  await row.getByRole("button", { name: /继续|Resume/ }).click();
  await expectDone(page, "controls/paused.bin");
  await expect(row.getByTestId("item-resumed")).toBeVisible();
  expect(await sdk.stat(BUCKET, "controls/paused.bin")).toMatchObject({ status: 200, hash: etagOfBuffer(data) });

  // Cancel a transfer in flight, then retry it.
  await page.route(/\/uploads\/[^/]+\/\d+$/, async (route) => {
    await new Promise((r) => setTimeout(r, 60_000));
    await route.abort().catch(() => undefined);
  });
  await page.getByTestId("upload-input-files").setInputFiles({ name: "canceled.bin", mimeType: "application/octet-stream", buffer: data });
  const canceled = item(page, "controls/canceled.bin");
  await expect(canceled).toHaveAttribute("data-status", "uploading");
  const deleted = page.waitForRequest((r) => r.method() === "DELETE" && /\/uploads\/[^/]+$/.test(r.url()));
  await canceled.getByRole("button", { name: /取消|Cancel/ }).click();
  await expect(canceled).toHaveAttribute("data-status", "canceled");
  // Canceling deletes the unfinished upload at the service, not only in the page.
  const uploadUrl = (await deleted).url();
  expect((await fetch(uploadUrl, { headers: { authorization: (await deleted).headers()["authorization"]! } })).status).toBe(612);
  await page.unrouteAll({ behavior: "ignoreErrors" });
  await canceled.getByRole("button", { name: /重试|Retry/ }).click();
  await expectDone(page, "controls/canceled.bin");
  await expect(canceled.getByTestId("item-resumed")).toHaveCount(0);
});

test("a part refused with a transient server error is sent again; a final refusal fails the item with the service's message", async ({ page }) => {
  const data = pattern(9 * MiB, 6);
  await loginAs(page, "admin");
  await page.goto(`/upload?bucket=${BUCKET}&prefix=flaky/`);
  const sends = new Map<string, number>();
  await page.route(/\/uploads\/[^/]+\/\d+$/, async (route) => {
    const n = route.request().url().split("/").pop()!;
    sends.set(n, (sends.get(n) ?? 0) + 1);
    // The first attempt at part 2 meets a server in trouble.
    if (n === "2" && sends.get(n) === 1) return route.fulfill({ status: 503, contentType: "application/json", body: '{"error":"service unavailable"}' });
    return route.continue();
  });
  await page.getByTestId("upload-input-files").setInputFiles({ name: "flaky.bin", mimeType: "application/octet-stream", buffer: data });
  await expectDone(page, "flaky/flaky.bin");
  expect(Object.fromEntries(sends)).toEqual({ "1": 1, "2": 2, "3": 1 });
  expect(await sdk.stat(BUCKET, "flaky/flaky.bin")).toMatchObject({ status: 200, hash: etagOfBuffer(data) });
  await page.unrouteAll({ behavior: "ignoreErrors" });

  // A 4xx is final: no retries, the item fails and says what the service said.
  let refused = 0;
  await page.route(/\/uploads\/[^/]+\/\d+$/, async (route) => {
    refused++;
    return route.fulfill({
      status: 403,
      contentType: "application/json",
      headers: { "X-Reqid": "req-e2e-403", "Access-Control-Allow-Origin": "*", "Access-Control-Expose-Headers": "X-Reqid" },
      body: '{"error":"refused by the test"}',
    });
  });
  await page.getByTestId("upload-input-files").setInputFiles({ name: "refused.bin", mimeType: "application/octet-stream", buffer: data });
  const row = item(page, "flaky/refused.bin");
  await expect(row).toHaveAttribute("data-status", "failed");
  await expect(row.getByTestId("item-error")).toContainText("refused by the test");
  await expect(row.getByTestId("item-error")).toContainText("req-e2e-403");
  // Parts in flight when the first refusal came back may have been refused too, but none was sent again.
  expect(refused).toBeGreaterThanOrEqual(1);
  expect(refused).toBeLessThanOrEqual(3);
});

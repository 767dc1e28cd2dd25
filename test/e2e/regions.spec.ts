// A bucket in the emulator's second region (z1) through the console, which is configured with z0's hosts only (as
// `npm start` does): the bucket list shows its region, the browser lists it, the Upload page sends files to z1's up host,
// and a batch job runs on it. Every outcome is checked with the official Node SDK finding z1 by its own region query.
import { expect, test } from "@playwright/test";
import qiniu from "qiniu";
import { emulatorInfo, emulatorSdk } from "../support/buckets-e2e";
import { e2eServerEnv } from "../support/e2e-env";
import { loginAs } from "../support/e2e-login";

const BUCKET = "e2e-north";
const names = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}obj-${String(i).padStart(3, "0")}.txt`);

/** The SDK with no zone: it asks the emulator's uc for the bucket's region, as it would ask Qiniu. */
async function sdkByQuery() {
  const info = await emulatorInfo();
  (qiniu.conf as unknown as { UC_HOST: string }).UC_HOST = new URL(info.endpoints.uc).host;
  const mac = new qiniu.auth.digest.Mac(info.accessKey, e2eServerEnv().EMULATOR_SECRET_KEY);
  const config = new qiniu.conf.Config({ useHttpsDomain: false });
  const manager = new qiniu.rs.BucketManager(mac, config);
  const uploader = new qiniu.form_up.FormUploader(config);
  return {
    async upload(key: string, body: string | Buffer) {
      const r = await uploader.put(
        new qiniu.rs.PutPolicy({ scope: `${BUCKET}:${key}` }).uploadToken(mac),
        key,
        typeof body === "string" ? Buffer.from(body) : body,
        new qiniu.form_up.PutExtra(),
      );
      if (r.resp.statusCode !== 200) throw new Error(`upload ${key}: ${r.resp.statusCode} ${JSON.stringify(r.data)}`);
    },
    async stat(key: string) {
      const r = await manager.stat(BUCKET, key);
      return { status: r.resp.statusCode, ...(r.resp.statusCode === 200 ? (r.data as { fsize: number }) : {}) };
    },
    async keys(prefix: string) {
      const r = await manager.listPrefix(BUCKET, { prefix, limit: 1000 });
      if (r.resp.statusCode !== 200) throw new Error(`list: ${r.resp.statusCode}`);
      return (r.data as { items: { key: string }[] }).items.map((i) => i.key).sort();
    },
  };
}

let sdk: Awaited<ReturnType<typeof sdkByQuery>>;

test.beforeAll(async () => {
  const zoneSdk = await emulatorSdk();
  const info = zoneSdk.info as typeof zoneSdk.info & { regions?: Record<string, unknown> };
  expect(info.regions && Object.keys(info.regions).sort()).toEqual(["z0", "z1"]);
  // uc is shared: the bucket is made in z1 through it.
  const mac = new qiniu.auth.digest.Mac(info.accessKey, e2eServerEnv().EMULATOR_SECRET_KEY);
  const made = await new qiniu.rs.BucketManager(mac, new qiniu.conf.Config({ useHttpsDomain: false })).createBucket(BUCKET, { regionId: "z1" });
  expect([200, 614]).toContain(made.resp.statusCode);
  sdk = await sdkByQuery();
  for (const key of ["readme.txt", ...names("del/", 25)]) await sdk.upload(key, `north ${key}`);
});

test.beforeEach(async ({ page }) => {
  await loginAs(page, "admin");
});

test("the bucket list shows the z1 bucket's region, and the browser lists it", async ({ page }) => {
  await page.goto("/buckets");
  await expect(page.getByTestId("bucket-row").filter({ hasText: BUCKET })).toContainText("z1");
  await expect(page.getByTestId("bucket-row").filter({ hasText: "demo-public" })).toContainText("z0");
  await page.goto(`/buckets/${BUCKET}`);
  await expect(page.locator('[data-testid="object-row"][data-key="readme.txt"]')).toBeVisible();
});

test("uploads to the z1 bucket go to z1's up host", async ({ page }) => {
  const info = (await emulatorInfo()) as Awaited<ReturnType<typeof emulatorInfo>> & { regions: Record<"z0" | "z1", { up: string[] }> };
  const z1Up = new URL(info.regions.z1.up[0]).host;
  const uploadHosts = new Set<string>();
  page.on("request", (r) => {
    if (r.method() === "POST" && !r.url().startsWith(page.url().split("/upload")[0])) uploadHosts.add(new URL(r.url()).host);
  });
  await page.goto(`/upload?bucket=${BUCKET}&prefix=up/`);
  await expect(page.getByTestId("upload-bucket")).toHaveValue(BUCKET);
  await page.getByTestId("upload-input-files").setInputFiles([{ name: "north.txt", mimeType: "text/plain", buffer: Buffer.from("uploaded north") }]);
  const row = page.locator('[data-testid="upload-item"][data-key="up/north.txt"]');
  await expect(row).toHaveAttribute("data-status", "done", { timeout: 30_000 });
  expect(await sdk.stat("up/north.txt")).toMatchObject({ status: 200, fsize: 14 });
  expect([...uploadHosts]).toEqual([z1Up]);
});

test("a batch delete job runs on the z1 bucket", async ({ page }) => {
  await page.goto(`/batch?bucket=${BUCKET}&prefix=${encodeURIComponent("del/")}`);
  await page.getByTestId("batch-op").selectOption("delete");
  await page.getByTestId("batch-dry-run").click();
  await expect(page.getByTestId("batch-job")).toHaveAttribute("data-status", "planned", { timeout: 60_000 });
  await expect(page.getByTestId("batch-plan-ok")).toContainText("25");
  await page.getByTestId("batch-run").click();
  await page.getByTestId("batch-confirm-input").fill("25");
  await page.getByTestId("batch-confirm-submit").click();
  await expect(page.getByTestId("batch-job")).toHaveAttribute("data-status", "done", { timeout: 60_000 });
  await expect(page.getByTestId("batch-count-done")).toHaveText("25");
  await expect(page.getByTestId("batch-count-failed")).toHaveText("0");
  expect(await sdk.keys("del/")).toEqual([]);
  expect(await sdk.keys("readme")).toEqual(["readme.txt"]);
});

test("a processing job on the z1 bucket runs there and saves its output next to the source", async ({ page }) => {
  const info = await emulatorInfo();
  const source = await fetch(`${info.buckets["demo-public"].domain}/videos/intro.mp4`);
  expect(source.status).toBe(200);
  await sdk.upload("media/intro.mp4", Buffer.from(await source.arrayBuffer()));
  await page.goto(`/processing?bucket=${BUCKET}&key=${encodeURIComponent("media/intro.mp4")}`);
  await expect(page.getByTestId("pfop-key")).toHaveValue("media/intro.mp4");
  await page.getByTestId("preset-frame").check();
  await page.getByTestId("pfop-force").check();
  await page.getByTestId("pfop-submit").click();
  const submitted = page.getByTestId("pfop-submitted");
  await expect(submitted).toBeVisible();
  const id = /(z\d\.[0-9a-f]+)/.exec((await submitted.textContent()) ?? "")?.[1];
  expect(id).toBeTruthy();
  const row = page.locator(`[data-testid="pfop-job"][data-job-id="${id}"]`);
  await expect(row.getByTestId("pfop-job-status")).toHaveAttribute("data-status", "success", { timeout: 90_000 });
  expect(await sdk.stat("media/intro.mp4-frame1s.jpg")).toMatchObject({ status: 200 });
});

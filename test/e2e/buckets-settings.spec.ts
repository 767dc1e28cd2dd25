// Bucket management end to end: an admin creates a bucket on the list page, changes every setting on its settings
// page (each change read back through the official Node SDK against the emulator), sees Qiniu's refusals with their
// request id, sees usage, and deletes the bucket once it is empty. Other roles get no such UI and are refused.
import { expect, test, type Locator, type Page } from "@playwright/test";
import qiniu from "qiniu";
import { emulatorInfo } from "../support/buckets-e2e";
import { e2eServerEnv } from "../support/e2e-env";
import { e2eBaseUrl, loginAs } from "../support/e2e-login";
import { builtActions, callAction } from "../support/server-action-http";

test.describe.configure({ mode: "serial" });

const hostOf = (url: string) => new URL(url).host;

async function sdk() {
  const info = await emulatorInfo();
  const e = info.endpoints;
  (qiniu.conf as unknown as { UC_HOST: string }).UC_HOST = hostOf(e.uc);
  const mac = new qiniu.auth.digest.Mac(info.accessKey, e2eServerEnv().EMULATOR_SECRET_KEY);
  // No zone: the SDK asks uc for each bucket's region, as it would ask Qiniu (the test bucket is made in z1).
  const config = new qiniu.conf.Config({ useHttpsDomain: false });
  return { mac, bm: new qiniu.rs.BucketManager(mac, config), up: new qiniu.form_up.FormUploader(config) };
}

type Sdk = Awaited<ReturnType<typeof sdk>>;
const data = async <T>(p: Promise<{ data: unknown }>) => (await p).data as T;

const tab = (page: Page, name: string) => page.locator(`#bucket-tab-${name}`);
const okNotice = (scope: Locator) => expect(scope.locator('[data-testid="browser-notice"][data-tone="ok"]')).toBeVisible();

test("an admin creates a bucket, changes each setting (checked through the SDK), sees usage and deletes it", async ({ page }) => {
  test.setTimeout(180_000);
  const { bm, up, mac } = await sdk();
  const bucket = `e2e-admin-${Date.now().toString(36)}`;
  const info = async () => data<Record<string, unknown>>(bm.getBucketInfo(bucket));
  await loginAs(page, "admin");

  // Create, with the name checked as Qiniu checks it before anything is sent.
  await page.goto("/buckets");
  await page.getByTestId("create-bucket").click();
  const dialog = page.getByTestId("create-bucket-dialog");
  await dialog.getByTestId("create-name").fill("Bad_Name");
  await dialog.getByTestId("create-submit").click();
  await expect(dialog.locator('[data-testid="browser-notice"][data-tone="error"]')).toBeVisible();
  await dialog.getByTestId("create-name").fill(bucket);
  await dialog.getByTestId("create-region").selectOption("z1");
  await dialog.getByTestId("create-submit").click();
  await expect(page).toHaveURL(new RegExp(`/buckets/${bucket}/settings`));
  await expect(page.getByTestId("bucket-region")).toHaveText("z1");
  expect((await data<string[]>(bm.listBucket())).includes(bucket)).toBe(true);
  expect((await info()).region).toBe("z1");

  // Visibility: confirmed, then private on Qiniu's side.
  await page.getByTestId("visibility-toggle").click();
  await page.getByTestId("visibility-yes").click();
  await expect(page.getByTestId("bucket-visibility-now")).toHaveText(/私有|Private/);
  expect((await info()).private).toBe(1);

  await page.getByTestId("maxage-input").fill("3600");
  await page.getByTestId("maxage-save").click();
  await expect.poll(async () => (await info()).max_age).toBe(3600);
  await page.getByTestId("bucket-protected").check();
  await expect.poll(async () => (await info()).protected).toBe(1);
  // The default index page is on for a new bucket; switching it off is Qiniu's noIndexPage=1.
  await expect(page.getByTestId("bucket-index-page")).toBeChecked();
  await page.getByTestId("bucket-index-page").uncheck();
  await expect.poll(async () => (await info()).no_index_page).toBe(1);
  await expect(page.getByTestId("bucket-index-page")).not.toBeChecked();

  // Referer anti-leech.
  await tab(page, "referer").click();
  const refer = page.getByTestId("referer-form");
  await refer.getByTestId("refer-mode-1").check();
  await refer.getByTestId("refer-patterns").fill("*.example.com\ngood.org");
  await refer.getByTestId("refer-allow-empty").check();
  await refer.getByTestId("refer-save").click();
  await okNotice(refer);
  expect(await info()).toMatchObject({ anti_leech_mode: 1, refer_wl: ["*.example.com", "good.org"], allow_empty_referer: true });

  // CORS.
  await tab(page, "cors").click();
  const cors = page.getByTestId("cors-form");
  await cors.getByTestId("cors-add").click();
  await cors.getByTestId("cors-origins").fill("https://app.example.com");
  await cors.getByTestId("cors-maxage").fill("600");
  await cors.getByTestId("cors-save").click();
  await okNotice(cors);
  expect(await data(bm.getCorsRules(bucket))).toEqual([{ allowed_origin: ["https://app.example.com"], allowed_method: ["GET", "HEAD"], max_age: 600 }]);

  // Lifecycle: add, edit, a refusal by Qiniu shown with its reqId, delete.
  await tab(page, "lifecycle").click();
  await expect(page.getByTestId("lifecycle-empty")).toBeVisible();
  const addRule = async (name: string, prefix: string) => {
    await page.getByTestId("lc-add").click();
    const form = page.getByTestId("lifecycle-form");
    await form.getByTestId("lc-name").fill(name);
    await form.getByTestId("lc-prefix").fill(prefix);
    await form.getByTestId("lc-to_line_after_days").fill("10");
    await form.getByTestId("lc-delete_after_days").fill("30");
    await form.getByTestId("lc-save").click();
    return form;
  };
  await addRule("logs", "logs/");
  await expect(page.locator('[data-testid="lifecycle-rule"][data-name="logs"]')).toBeVisible();
  type Rule = { name: string; prefix: string; to_line_after_days: number; delete_after_days: number };
  expect(await data<Rule[]>(bm.getBucketLifecycleRule(bucket))).toEqual([
    expect.objectContaining({ name: "logs", prefix: "logs/", to_line_after_days: 10, delete_after_days: 30 }),
  ]);
  const dup = await addRule("logs", "other/");
  const refusal = dup.locator('[data-testid="browser-notice"][data-tone="error"]');
  await expect(refusal).toContainText("614");
  await expect(refusal).toContainText("already exists");
  await expect(refusal).toContainText(/请求编号|Request id/);
  await dup.getByRole("button", { name: /取消|Cancel/ }).click();
  await page.getByTestId("lc-edit-logs").click();
  await page.getByTestId("lc-delete_after_days").fill("60");
  await page.getByTestId("lc-save").click();
  await expect(page.locator('[data-testid="lifecycle-rule"][data-name="logs"] [data-field="delete_after_days"]')).toHaveText("60");
  expect((await data<Rule[]>(bm.getBucketLifecycleRule(bucket)))[0].delete_after_days).toBe(60);
  await page.getByTestId("lc-remove-logs").click();
  await page.getByTestId("confirm-yes").click();
  await expect(page.getByTestId("lifecycle-empty")).toBeVisible();
  expect(await data(bm.getBucketLifecycleRule(bucket))).toEqual([]);

  // Event notifications.
  await tab(page, "events").click();
  await page.getByTestId("ev-add").click();
  const ev = page.getByTestId("event-form");
  await ev.getByTestId("ev-name").fill("uploads");
  await ev.getByTestId("ev-event-delete").check();
  await ev.getByTestId("ev-urls").fill("https://hooks.example.com/qiniu");
  await ev.getByTestId("ev-save").click();
  await expect(page.locator('[data-testid="event-rule"][data-name="uploads"]')).toBeVisible();
  expect(await data(bm.getBucketEvent(bucket))).toEqual([
    expect.objectContaining({ name: "uploads", event: ["put", "delete"], callbackURL: ["https://hooks.example.com/qiniu"] }),
  ]);
  await page.getByTestId("ev-remove-uploads").click();
  await page.getByTestId("confirm-yes").click();
  await expect(page.getByTestId("events-empty")).toBeVisible();
  expect(await data(bm.getBucketEvent(bucket))).toEqual([]);

  // Quota and tags.
  await tab(page, "quota").click();
  const quota = page.getByTestId("quota-form");
  await quota.getByTestId("quota-size").fill("1");
  await quota.getByTestId("quota-unit").selectOption("GB");
  await quota.getByTestId("quota-count").fill("100");
  await quota.getByTestId("quota-save").click();
  await expect.poll(async () => data(bm.getBucketQuota(bucket))).toEqual({ size: 1024 ** 3, count: 100 });
  await tab(page, "tags").click();
  const tags = page.getByTestId("tags-form");
  await tags.getByTestId("tags-add").click();
  await tags.getByTestId("tag-key").fill("env");
  await tags.getByTestId("tag-value").fill("prod");
  await tags.getByTestId("tags-save").click();
  await okNotice(tags);
  expect(await data(bm.listBucket({ shared: "", tagCondition: { env: "prod" } }))).toContain(bucket);

  // Usage follows a real upload.
  const token = new qiniu.rs.PutPolicy({ scope: `${bucket}:hello.txt`, expires: 600 }).uploadToken(mac);
  expect((await up.put(token, "hello.txt", Buffer.from("hello world"), new qiniu.form_up.PutExtra())).resp.statusCode).toBe(200);
  await tab(page, "usage").click();
  await page.getByTestId("usage-range").selectOption("7");
  await expect(page.getByTestId("usage-count-standard")).toContainText("1");
  await expect(page.getByTestId("usage-space-standard")).toHaveText("11 B");
  await expect(page.getByTestId("usage-space-chart")).toBeVisible();

  await deleteBucket(page, bm, bucket);

  // Every change is in the audit log, the refused one with Qiniu's request id.
  const csv = await (await page.request.get(`/api/audit/export?bucket=${bucket}`)).text();
  for (const action of [
    "bucketAdmin.create",
    "bucketAdmin.private",
    "bucketAdmin.referer",
    "bucketAdmin.cors",
    "bucketAdmin.lifecycleSave",
    "bucketAdmin.quota",
    "bucketAdmin.tags",
    "bucketAdmin.drop",
  ]) {
    expect(csv, action).toContain(`,${action},${bucket},`);
  }
  expect(csv).toMatch(/bucketAdmin\.lifecycleSave,[^\n]*,error,qiniu\.file_exists,[^\n]*614/);
  expect(csv).toMatch(/bucketAdmin\.drop,[^\n]*,error,bucket_not_empty/);
});

async function deleteBucket(page: Page, bm: Sdk["bm"], bucket: string) {
  // A non-empty bucket is refused with a clear message; once empty, it goes after its name is typed.
  await page.goto("/buckets");
  await page.getByTestId(`delete-bucket-${bucket}`).click();
  const dialog = page.getByTestId("delete-bucket-dialog");
  await expect(dialog.getByTestId("drop-submit")).toBeDisabled();
  await dialog.getByTestId("drop-confirm").fill(bucket);
  await dialog.getByTestId("drop-submit").click();
  await expect(dialog.locator('[data-testid="browser-notice"][data-tone="error"]')).toContainText(bucket);
  expect(await data(bm.listBucket())).toContain(bucket);
  expect((await bm.delete(bucket, "hello.txt")).resp.statusCode).toBe(200);
  await dialog.getByTestId("drop-submit").click();
  await expect(page.locator(`[data-testid="bucket-row"][data-bucket="${bucket}"]`)).toHaveCount(0);
  expect(await data(bm.listBucket())).not.toContain(bucket);
}

test("the settings page fits a 390 px screen in dark mode", async ({ page }) => {
  await loginAs(page, "admin");
  await page.setViewportSize({ width: 390, height: 844 });
  await page.emulateMedia({ colorScheme: "dark" });
  for (const name of ["overview", "lifecycle", "cors", "usage"]) {
    await page.goto(`/buckets/demo-public/settings?tab=${name}`);
    await expect(page.locator(`#bucket-panel-${name}`)).toBeVisible();
    await expect(page.locator(`#bucket-panel-${name} [data-testid$="-loading"]`)).toHaveCount(0);
    expect(await page.evaluate(() => document.documentElement.classList.contains("dark"))).toBe(true);
    // The page's own content neither overflows nor reaches past the screen (the tab strip scrolls inside itself).
    const box = await page
      .getByTestId("bucket-settings-page")
      .evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth, right: el.getBoundingClientRect().right }));
    expect(box.scroll).toBeLessThanOrEqual(box.client);
    expect(box.right).toBeLessThanOrEqual(390);
  }
});

test("a panel that cannot load says why, with Qiniu's request id and a Retry that asks again", async ({ page }) => {
  await loginAs(page, "admin");
  let calls = 0;
  page.on("request", (r) => {
    if (r.method() === "POST" && r.headers()["next-action"]) calls++;
  });
  await page.goto("/buckets/no-such-bucket-e2e/settings?tab=quota");
  const error = page.getByTestId("bucket-quota-error");
  await expect(error).toContainText("631");
  await expect(error).toContainText(/请求编号|Request id/);
  const before = calls;
  await error.getByRole("button").click();
  await expect.poll(() => calls).toBeGreaterThan(before);
  await expect(page.getByTestId("bucket-quota-error")).toBeVisible();
});

test("a non-admin gets no bucket management and its actions are refused", async ({ page }) => {
  await loginAs(page, "editor");
  await page.goto("/buckets");
  await expect(page.getByTestId("bucket-table")).toBeVisible();
  await expect(page.getByTestId("create-bucket")).toHaveCount(0);
  await expect(page.getByTestId("settings-demo-public")).toHaveCount(0);
  await expect(page.getByTestId("delete-bucket-demo-public")).toHaveCount(0);
  await page.goto("/buckets/demo-public/settings");
  await expect(page.getByTestId("forbidden")).toBeVisible();
  const built = builtActions();
  const find = (name: string) => built.find((a) => a.filename === "server/actions/bucket-admin.ts" && a.exportedName === name)!;
  const create = await callAction(page.request, e2eBaseUrl(), find("createBucket"), [{ name: `e2e-refused-${Date.now()}`, region: "z0" }]);
  expect(create.result).toMatchObject({ ok: false, error: { code: "forbidden" } });
  const priv = await callAction(page.request, e2eBaseUrl(), find("setBucketPrivate"), [{ bucket: "demo-public", private: true }]);
  expect(priv.result).toMatchObject({ ok: false, error: { code: "forbidden" } });
  const { bm } = await sdk();
  expect((await data<Record<string, unknown>>(bm.getBucketInfo("demo-public"))).private).toBe(0);
});

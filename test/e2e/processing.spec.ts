// The Processing page end to end on the embedded emulator: submit a frame grab and a 720p transcode of the demo video
// with presets (saved next to the source), follow the job to success in the list, preview the frame and fetch the
// video; a malformed fop is caught while typing; a fop that cannot run on the source fails with its reason.
import { expect, test, type Locator, type Page } from "@playwright/test";
import { loginAs } from "../support/e2e-login";

const BUCKET = "demo-public";
const VIDEO = "videos/intro.mp4";

/** Reads a job row's status until it settles; returns every status seen on the way. */
async function followStatus(row: Locator, page: Page): Promise<string[]> {
  const seen: string[] = [];
  const end = Date.now() + 90_000;
  for (;;) {
    const status = (await row.getByTestId("pfop-job-status").getAttribute("data-status")) ?? "";
    if (seen[seen.length - 1] !== status) seen.push(status);
    if (!["waiting", "processing"].includes(status)) return seen;
    if (Date.now() > end) throw new Error(`job still ${status}`);
    await page.waitForTimeout(150);
  }
}

async function submitAndFindRow(page: Page): Promise<Locator> {
  await page.getByTestId("pfop-submit").click();
  const submitted = page.getByTestId("pfop-submitted");
  await expect(submitted).toBeVisible();
  const id = /(z0\.[0-9a-f]+)/.exec((await submitted.textContent()) ?? "")?.[1];
  expect(id).toBeTruthy();
  const row = page.locator(`[data-testid="pfop-job"][data-job-id="${id}"]`);
  await expect(row).toBeVisible();
  return row;
}

test("a frame grab and a transcode run to success and their outputs open", async ({ page }) => {
  await loginAs(page, "editor");
  await page.goto(`/processing?bucket=${BUCKET}&key=${encodeURIComponent(VIDEO)}`);
  await expect(page.getByTestId("pfop-key")).toHaveValue(VIDEO);
  await page.getByTestId("preset-frame").check();
  await page.getByTestId("preset-mp4720p").check();
  await page.getByTestId("pfop-force").check();
  const row = await submitAndFindRow(page);
  await expect(row).toContainText("vframe/jpg/offset/1/w/640");
  await expect(row).toContainText("avthumb/mp4/s/1280x720");

  const seen = await followStatus(row, page);
  expect(seen[seen.length - 1]).toBe("success");
  expect(seen.length).toBeGreaterThan(1); // it was waiting or processing before it succeeded

  await row.getByTestId("pfop-job-toggle").click();
  const items = page.getByTestId("pfop-item");
  await expect(items).toHaveCount(2);
  const frameLink = items.nth(0).getByTestId("pfop-output-link");
  await expect(frameLink).toHaveText(`${BUCKET}/${VIDEO}-frame1s.jpg`);
  await expect(frameLink).toHaveAttribute("href", `/buckets/${BUCKET}?prefix=videos%2F&key=videos%2Fintro.mp4-frame1s.jpg`);

  await items.nth(0).getByTestId("pfop-preview-toggle").click();
  const image = items.nth(0).getByTestId("output-image");
  await expect(image).toBeVisible();
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(640);

  await items.nth(1).getByTestId("pfop-preview-toggle").click();
  const video = items.nth(1).getByTestId("output-video");
  await expect(video).toBeVisible();
  const src = await video.getAttribute("src");
  const response = await page.request.get(src!);
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toBe("video/mp4");
  expect((await response.body()).subarray(4, 8).toString("latin1")).toBe("ftyp");
});

test("a malformed fop is caught while typing and a failing fop reports its reason", async ({ page }) => {
  await loginAs(page, "editor");
  await page.goto(`/processing?bucket=${BUCKET}&key=${encodeURIComponent(VIDEO)}`);
  const editor = page.getByTestId("fop-editor");
  await editor.fill("imageView2/9/w/100");
  await expect(page.getByTestId("fop-error")).toContainText("imageView2");
  await expect(page.getByTestId("pfop-submit")).toBeDisabled();

  // valid syntax, but the source is a video: the job runs and fails with the reason
  await editor.fill("imageView2/2/w/100");
  await expect(page.getByTestId("fop-ok")).toBeVisible();
  const row = await submitAndFindRow(page);
  const seen = await followStatus(row, page);
  expect(seen[seen.length - 1]).toBe("failed");
  await row.getByTestId("pfop-job-toggle").click();
  await expect(page.getByTestId("pfop-item-error")).toHaveText("execute fop cmd failed: not a valid image");
});

test("a viewer sees the jobs but no submit form", async ({ page }) => {
  await loginAs(page, "viewer");
  await page.goto("/processing");
  await expect(page.getByTestId("pfop-refresh")).toBeVisible();
  await expect(page.getByTestId("pfop-form")).toHaveCount(0);
});

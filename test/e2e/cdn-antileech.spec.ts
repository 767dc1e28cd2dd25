// Timestamp anti-leech and the analytics breakdowns in Chromium against the embedded emulator (issue 21): on a
// domain that enforces anti-leech (keys from the emulator's domain API) the console's own preview, grid thumbnail and
// links are signed and load; its links say they expire; the CDN page shows the domain's state, region/ISP
// breakdowns, status codes over time, back-to-source traffic and whole top URLs.
import sharp from "sharp";
import { expect, test, type Locator } from "@playwright/test";
import { emulatorInfo, emulatorSdk } from "../support/buckets-e2e";
import { E2E_ANTILEECH } from "../support/e2e-env";
import { loginAs } from "../support/e2e-login";

const { publicBucket: PUB, privateBucket: PRIV } = E2E_ANTILEECH;

async function loaded(img: Locator): Promise<boolean> {
  return img.evaluate((el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth > 0);
}

test.beforeAll(async () => {
  const sdk = await emulatorSdk();
  const png = await sharp({ create: { width: 240, height: 160, channels: 3, background: { r: 30, g: 90, b: 200 } } })
    .png()
    .toBuffer();
  for (const [bucket, isPrivate] of [
    [PUB, false],
    [PRIV, true],
  ] as const) {
    await sdk.createBucket(bucket, { private: isPrivate });
    await sdk.upload(bucket, "pics/blue.png", png, "image/png");
  }
});

test("previews, thumbnails and links on anti-leech domains are signed and load", async ({ page }) => {
  const origin = (await emulatorInfo()).buckets[PUB].domain.replace(/\/+$/, "");
  expect((await fetch(`${origin}/pics/blue.png`)).status).toBe(403); // unsigned: refused
  await loginAs(page, "admin");
  for (const bucket of [PUB, PRIV]) {
    await page.goto(`/buckets/${bucket}?prefix=pics%2F&key=pics%2Fblue.png`);
    const preview = page.getByTestId("preview-image");
    await expect(preview).toBeVisible();
    await expect.poll(() => loaded(preview)).toBe(true);
    const src = (await preview.getAttribute("src"))!;
    expect(src).toMatch(/[?&]sign=[0-9a-f]{32}&t=[0-9a-f]+/);
    // A link on this domain expires: the expiry choice is offered instead of "public link, does not expire".
    await expect(page.getByTestId("panel-link-expiry")).toBeVisible();
    await page.getByTestId("copy-link").click();
    const link = await page.getByTestId("object-link").inputValue();
    expect((await fetch(link)).status).toBe(200);
  }
  // The grid's imageView2 thumbnails are signed over the path with the fop kept, so they are processed and load.
  await page.goto(`/buckets/${PUB}?prefix=pics%2F&view=grid`);
  const thumb = page.locator("img[src*='imageView2']").first();
  await expect(thumb).toBeVisible();
  await expect.poll(() => loaded(thumb)).toBe(true);
  expect(await thumb.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBe(160);
});

test("the CDN page shows anti-leech state, breakdowns by region and ISP, and whole top URLs", async ({ page }) => {
  const info = await emulatorInfo();
  const origin = info.buckets[PUB].domain.replace(/\/+$/, "");
  const domain = new URL(origin).host;
  await loginAs(page, "admin");
  await page.goto("/cdn");
  await page.getByRole("tab", { name: /防盗链|Anti-leech/ }).click();
  await expect(page.locator(`[data-testid=cdn-antileech-domain][data-domain="${domain}"]`)).toHaveAttribute("data-enabled", "1");
  await expect(page.locator(`[data-testid=cdn-antileech-domain][data-domain="${new URL(info.buckets["demo-public"].domain).host}"]`)).toHaveAttribute(
    "data-enabled",
    "0",
  );

  await page.getByRole("tab", { name: /访问分析|Analytics/ }).click();
  await expect(page.getByTestId("cdn-status-timeline")).toBeVisible();
  const regions = page.getByTestId("cdn-breakdown-regions").getByTestId("cdn-breakdown-row");
  await expect(regions).toHaveCount(9);
  await expect(page.getByTestId("cdn-breakdown-isps").getByTestId("cdn-breakdown-row")).toHaveCount(6);
  await expect(page.getByTestId("cdn-origin-total")).toBeVisible();
  const key = page.getByTestId("cdn-top-urls").getByTestId("cdn-top-key").first();
  await expect(key).toBeVisible();
  const url = (await key.textContent())!;
  await key.click();
  await expect(page.getByTestId("cdn-top-full").first()).toContainText(url);
});

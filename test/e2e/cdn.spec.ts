// The CDN page end to end against the embedded emulator: downloads through a bucket domain show up in flux and
// bandwidth at 5 minutes, ranges and granularity change the series, CSV export, the day's log contains the
// requests, refresh lowers the quota, and an over-limit refresh is refused with a clear message.
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { emulatorInfo } from "../support/buckets-e2e";
import { loginAs } from "../support/e2e-login";

/** Parses an exported CSV: the header and each row's cells. */
async function exportCsv(page: Page, which: "flux" | "bandwidth"): Promise<{ header: string[]; rows: string[][] }> {
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId(`cdn-export-${which}`).click()]);
  const text = readFileSync((await download.path())!, "utf8")
    .trim()
    .split("\n");
  return { header: text[0].split(","), rows: text.slice(1).map((l) => l.split(",")) };
}

function columnSum(csv: { header: string[]; rows: string[][] }, name: string): number {
  const i = csv.header.indexOf(name);
  expect(i, `column ${name} in ${csv.header.join(",")}`).toBeGreaterThan(0);
  return csv.rows.reduce((s, r) => s + Number(r[i]), 0);
}

/**
 * Waits until the traffic section shows a range ending today with one point per 5 minutes (288 a day) or hour up to
 * its cut (now, Beijing time; no future points are drawn), `fullDaysBefore` whole days before, and returns the count.
 */
async function pointsUpToNow(traffic: Locator, perDay: 288 | 24, fullDaysBefore = 0): Promise<number> {
  let shown = -1;
  await expect
    .poll(async () => {
      const { points, cut } = await traffic.evaluate((el) => ({ points: Number(el.getAttribute("data-points")), cut: el.getAttribute("data-cut") ?? "" }));
      const m = /(\d{2}):(\d{2}):\d{2}$/.exec(cut);
      if (!m) return false;
      const minutes = Number(m[1]) * 60 + Number(m[2]);
      shown = points;
      return points === fullDaysBefore * perDay + (perDay === 288 ? Math.floor(minutes / 5) : Math.floor(minutes / 60)) + 1;
    })
    .toBe(true);
  return shown;
}

test("CDN traffic, logs and refresh follow what the emulator served", async ({ page }) => {
  const origin = (await emulatorInfo()).buckets["demo-public"].domain; // http://127.0.0.1:<port>
  const domain = new URL(origin).host;
  const marker = `e2e${Date.now()}`;
  await loginAs(page, "admin");
  await page.goto("/cdn");
  const today = await pointsUpToNow(page.getByTestId("cdn-traffic"), 288);
  const before = await exportCsv(page, "flux");
  expect(before.rows).toHaveLength(today); // today at 5 minutes, up to now

  const body = await (await fetch(`${origin}/README.txt?${marker}=0`)).arrayBuffer();
  for (let i = 1; i <= 3; i++) expect((await fetch(`${origin}/README.txt?${marker}=${i}`)).status).toBe(200);
  // The emulator records each download when its response closes: the last one may show a moment later.
  const column = `${domain} china (bytes)`;
  await expect
    .poll(async () => {
      await page.reload();
      await expect(page.getByTestId("cdn-traffic")).toBeVisible();
      return columnSum(await exportCsv(page, "flux"), column) - columnSum(before, column);
    })
    .toBe(4 * body.byteLength);
  const after = await exportCsv(page, "flux");
  await expect(page.getByTestId("cdn-peak-bandwidth")).not.toHaveText("0 bps");
  const bandwidth = await exportCsv(page, "bandwidth");
  expect(bandwidth.rows).toHaveLength(Number(await page.getByTestId("cdn-traffic").getAttribute("data-points")));

  // Granularity and ranges change the series.
  const traffic = page.getByTestId("cdn-traffic");
  await page.getByTestId("cdn-granularity").selectOption("hour");
  await expect(traffic).toHaveAttribute("data-granularity", "hour");
  const hours = await pointsUpToNow(traffic, 24);
  expect((await exportCsv(page, "flux")).rows).toHaveLength(hours);
  await page.getByTestId("cdn-preset-7d").click();
  const weekPoints = await pointsUpToNow(traffic, 24, 6);
  const week = await exportCsv(page, "flux");
  expect(week.rows).toHaveLength(weekPoints);
  expect(columnSum(week, column)).toBeGreaterThanOrEqual(columnSum(after, column));
  await page.getByTestId("cdn-preset-custom").click();
  await page.getByTestId("cdn-granularity").selectOption("5min");
  await page.getByTestId("cdn-start").fill("2020-01-01");
  await expect(page.getByTestId("cdn-range-problem")).toBeVisible();
  await expect(page.getByTestId("cdn-apply")).toBeDisabled();

  // The day's logs (one file per hour) have the four requests; the whole day comes as one gzip.
  await page.getByRole("tab", { name: /日志|Logs/ }).click();
  const dayLink = page.locator(`[data-testid=cdn-log-day-download][data-domain="${domain}"]`);
  await expect(dayLink).toBeVisible();
  expect(await page.getByTestId("cdn-log-row").filter({ hasText: domain }).count()).toBeGreaterThanOrEqual(1);
  const [logDownload] = await Promise.all([page.waitForEvent("download"), dayLink.click()]);
  const lines = gunzipSync(readFileSync((await logDownload.path())!))
    .toString("utf8")
    .split("\n");
  expect(lines.filter((l) => l.includes(`"GET http://${domain}/README.txt?${marker}=`) && l.includes(" 200 "))).toHaveLength(4);

  // Refresh lowers the quota; an over-limit request is refused with a clear message.
  await page.getByRole("tab", { name: /刷新|Refresh/ }).click();
  const quota = page.getByTestId("cdn-quota-urls");
  await expect(quota).toHaveAttribute("data-left", /\d+/);
  const left = Number(await quota.getAttribute("data-left"));
  const form = page.getByTestId("cdn-form-urls");
  await form.locator("textarea").fill(`${origin}/README.txt`);
  await form.getByRole("button").click();
  await expect(form.getByTestId("cdn-submit-done")).toBeVisible();
  await expect(quota).toHaveAttribute("data-left", String(left - 1));
  await expect(
    page
      .getByTestId("cdn-task-row")
      .filter({ hasText: `${origin}/README.txt` })
      .first(),
  ).toBeVisible();

  await form.locator("textarea").fill(Array.from({ length: 61 }, (_, i) => `${origin}/many/${i}.txt`).join("\n"));
  await form.getByRole("button").click();
  // The problem list names the count (not the textarea, whose URLs may hold "61" in the emulator's port).
  await expect(form.locator('[aria-live="polite"]').getByText(/\b61\b/)).toBeVisible();
  await expect(quota).toHaveAttribute("data-left", String(left - 1));
});

test("another page can hand URLs over to the refresh form", async ({ page }) => {
  const origin = (await emulatorInfo()).buckets["demo-public"].domain;
  const urls = [`${origin}/handoff/a.txt`, `${origin}/handoff/b.txt`];
  await loginAs(page, "admin");
  await page.goto(`/cdn?tab=refresh&urls=${encodeURIComponent(urls.join("\n"))}`);
  await expect(page.getByRole("tab", { name: /刷新|Refresh/ })).toHaveAttribute("aria-selected", "true");
  const form = page.getByTestId("cdn-form-urls");
  await expect(form.locator("textarea")).toHaveValue(urls.join("\n"));
  // A URL on a domain that is not ours is flagged before anything is sent.
  await page.goto(`/cdn?tab=refresh&urls=${encodeURIComponent("http://elsewhere.example.com/x.txt")}`);
  const foreign = page.getByTestId("cdn-form-urls");
  await expect(foreign.locator("textarea")).toHaveAttribute("aria-invalid", "true");
  await expect(foreign.getByText(/(Not one of your domains|不是您的域名).*elsewhere\.example\.com/)).toBeVisible();
});

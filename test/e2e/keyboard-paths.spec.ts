// The main paths with the keyboard alone (issue 22): every step is a key press (Tab to reach a control, then Enter,
// Space, arrows or typing); locators only read what the page shows. The one exception is the operating system's file
// chooser, which no web page can drive: the test answers it as a user would.
import { expect, test, type Page } from "@playwright/test";
import { loginAs } from "../support/e2e-login";
import { emulatorInfo, emulatorSdk } from "../support/buckets-e2e";

const BUCKET = "e2e-keyboard";
/** holds one folder with one file, so Home in the list is always that folder */
const BROWSE = "e2e-keyboard-browse";
let sdk: Awaited<ReturnType<typeof emulatorSdk>>;

test.use({ locale: "en-US" });

test.beforeAll(async () => {
  sdk = await emulatorSdk();
  await sdk.createBucket(BUCKET);
  await sdk.createBucket(BROWSE);
  await sdk.upload(BROWSE, "browse/delete-me.txt", "delete me");
  for (const name of ["a", "b", "c"]) await sdk.upload(BUCKET, `batch/${name}.txt`, `batch ${name}`);
});

test.beforeEach(async ({ page }) => {
  await loginAs(page, "admin");
});

/** Presses Tab (or Shift+Tab) until the focused element matches `selector`. */
async function tabTo(page: Page, selector: string, { back = false, max = 150 } = {}) {
  for (let i = 0; i < max; i++) {
    if (await page.evaluate((sel) => document.activeElement?.matches(sel) ?? false, selector)) return;
    await page.keyboard.press(back ? "Shift+Tab" : "Tab");
  }
  throw new Error(`Tab never reached ${selector}`);
}

test("the skip link, the shortcuts help and the small-screen menus work from the keyboard", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 800 });
  await page.goto("/buckets");
  await page.keyboard.press("Tab");
  await expect(page.getByTestId("skip-link")).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.locator("main")).toBeFocused();

  await page.keyboard.press("?");
  const help = page.getByTestId("shortcuts-dialog");
  await expect(help).toBeVisible();
  await expect(help).toContainText("F2");
  await page.keyboard.press("Escape");
  await expect(help).toBeHidden();

  // Navigation is behind the menu button at phone width; the links are out of the tab order until it opens.
  await expect(page.getByTestId("sidebar").getByRole("link", { name: "Audit", exact: true })).toBeHidden();
  await tabTo(page, "[data-testid=nav-menu-button]", { back: true });
  await page.keyboard.press("Enter");
  await tabTo(page, "[data-testid=sidebar] a[href='/audit']");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/audit$/);

  // The account menu and Sign out stay on screen at 390 px.
  await tabTo(page, "[data-testid=user-menu]");
  await page.keyboard.press("Enter");
  const signOut = page.getByTestId("sign-out");
  await expect(signOut).toBeInViewport();
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  await expect(signOut).toBeFocused();
});

test("uploads a file with the keyboard", async ({ page }) => {
  await page.goto(`/upload?bucket=${BUCKET}&prefix=kbd/`);
  await tabTo(page, "[data-testid=upload-dropzone] button");
  const [chooser] = await Promise.all([page.waitForEvent("filechooser"), page.keyboard.press("Enter")]);
  await chooser.setFiles({ name: "typed.txt", mimeType: "text/plain", buffer: Buffer.from("uploaded by keyboard") });
  await expect(page.getByTestId("upload-item").filter({ hasText: "typed.txt" }).getByTestId("item-hash")).toBeVisible({ timeout: 30_000 });
  await expect.poll(async () => (await sdk.stat(BUCKET, "kbd/typed.txt")).status).toBe(200);
});

test("browses to a file and deletes it with the keyboard", async ({ page }) => {
  await page.goto(`/buckets/${BROWSE}`);
  await tabTo(page, "[data-testid=object-list]");
  await page.keyboard.press("Home");
  await page.keyboard.press("Enter"); // opens the "browse/" folder
  await expect(page).toHaveURL(/prefix=browse%2F/);
  await tabTo(page, "[data-testid=object-list]");
  await page.keyboard.press("Home");
  await page.keyboard.press("Delete");
  const dialog = page.getByTestId("op-dialog");
  await expect(dialog).toBeVisible();
  await tabTo(page, "[data-testid=op-submit]");
  await page.keyboard.press("Enter");
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId("browser-notice")).toHaveAttribute("data-tone", "ok");
  await expect.poll(async () => (await sdk.stat(BROWSE, "browse/delete-me.txt")).status).toBe(612);
});

test("starts a batch job with the keyboard", async ({ page }) => {
  await page.goto(`/batch?bucket=${BUCKET}&prefix=batch/`);
  await tabTo(page, "[data-testid=batch-pattern-from]");
  await page.keyboard.type("batch/");
  await tabTo(page, "[data-testid=batch-pattern-to]");
  await page.keyboard.type("batch-moved/");
  await tabTo(page, "[data-testid=batch-dry-run]");
  await page.keyboard.press("Enter");
  const job = page.getByTestId("batch-job");
  await expect(job).toHaveAttribute("data-status", "planned", { timeout: 60_000 });
  await tabTo(page, "[data-testid=batch-run]");
  await page.keyboard.press("Enter");
  // Moving is confirmed by typing the count; the field has focus.
  await expect(page.getByTestId("batch-confirm-input")).toBeFocused();
  await page.keyboard.type("3");
  await tabTo(page, "[data-testid=batch-confirm-submit]");
  await page.keyboard.press("Enter");
  await expect(job).toHaveAttribute("data-status", "done", { timeout: 60_000 });
  await expect(page.getByTestId("batch-count-done")).toHaveText("3");
  expect((await sdk.stat(BUCKET, "batch-moved/a.txt")).status).toBe(200);
});

test("submits a CDN refresh with the keyboard", async ({ page }) => {
  const origin = (await emulatorInfo()).buckets["demo-public"].domain;
  await page.goto("/cdn");
  await tabTo(page, "[role=tab][aria-selected=true]");
  for (let i = 0; i < 5 && !(await page.evaluate(() => document.activeElement?.id === "cdn-tab-refresh")); i++) await page.keyboard.press("ArrowRight");
  await expect(page.getByRole("tab", { name: "Refresh" })).toHaveAttribute("aria-selected", "true");
  await tabTo(page, "[data-testid=cdn-form-urls] textarea");
  await page.keyboard.type(`${origin}/keyboard/refresh.txt`);
  await tabTo(page, "[data-testid=cdn-form-urls] button[type=submit]");
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("cdn-form-urls").getByTestId("cdn-submit-done")).toBeVisible();
  await expect(
    page
      .getByTestId("cdn-task-row")
      .filter({ hasText: `${origin}/keyboard/refresh.txt` })
      .first(),
  ).toBeVisible();
});

import { defineConfig, devices } from "@playwright/test";
import { e2eOidcPort, e2ePort, e2eServerEnv } from "./test/support/e2e-env";

const port = e2ePort();

export default defineConfig({
  testDir: "test/e2e",
  outputDir: "test-results/e2e",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"], ["json", { outputFile: "test-results/playwright.json" }]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"], channel: undefined } }],
  webServer: [
    {
      // A loopback OpenID Connect provider for the single sign-on tests (test/support/oidc-provider.ts).
      command: "node --import tsx test/support/oidc-provider-main.ts",
      url: `http://127.0.0.1:${e2eOidcPort()}/.well-known/openid-configuration`,
      timeout: 30_000,
      reuseExistingServer: false,
      env: { ...(process.env as Record<string, string>), ...e2eServerEnv() },
    },
    {
      // The same start script a user runs, on the embedded emulator, on a fresh data directory and free ports.
      command: "node scripts/start.mjs --no-build --fresh",
      url: `http://127.0.0.1:${port}/api/health`,
      timeout: 180_000,
      reuseExistingServer: false,
      stdout: "pipe",
      stderr: "pipe",
      env: { ...(process.env as Record<string, string>), ...e2eServerEnv() },
    },
  ],
});

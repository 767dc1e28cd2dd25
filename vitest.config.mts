import { defineConfig } from "vitest/config";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  resolve: {
    alias: {
      "@": root,
      "server-only": path.join(root, "test/support/empty-module.ts"),
    },
  },
  test: {
    include: ["test/unit/**/*.test.{ts,tsx}", "test/integration/**/*.test.{ts,tsx}"],
    environment: "node",
    // One fixed seed for every fast-check property (FUZZ_SEED / FUZZ_FRESH change it).
    setupFiles: ["test/support/fast-check-seed.ts"],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: "forks",
    // Two cores: integration files start their own emulator; keep parallelism modest.
    maxWorkers: 2,
  },
});

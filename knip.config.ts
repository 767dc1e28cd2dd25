import type { KnipConfig } from "knip";

// Unused files, exports and dependencies (`npm run knip`, a step of `npm test`). Next, vitest and Playwright are
// found by knip's plugins (app/ routes, proxy.ts, instrumentation.ts, test/unit, test/integration, test/e2e and the
// configs); the entries below are the files started by path rather than imported, which no plugin can see.
const config: KnipConfig = {
  entry: [
    // Programs run as `node --import tsx <file>`: benchmarks (scripts/bench.mjs), child processes of tests.
    "bench/*/run.{ts,mjs}",
    // Benchmark programs and the child processes they start by path (scripts/bench.mjs, bench/batch/instances.ts, bench/zip).
    "bench/batch/instance{,s}.ts",
    "bench/zip/relay.mjs",
    "test/support/*-main.ts",
    "test/support/print-action-catalog.ts",
    "test/integration/**/*-child.ts",
    // Bundled with esbuild by path for the browser benchmarks and the etag e2e test (bench/*/run.mjs, bench/etag/browser.mjs).
    "bench/*/page.ts",
    // Loaded by path: `node --require` hook and vitest's alias target for `server-only` (vitest.config.mts).
    "test/support/server-only-hook.cjs",
    "test/support/empty-module.ts",
  ],
  // An export its own file also uses is not dead code, only a wider door than needed; reporting those would churn
  // files other work is changing for no gain.
  ignoreExportsUsedInFile: true,
  project: ["**/*.{ts,tsx,mts,mjs,cjs,js,css}", "!.next*/**", "!bench/.tmp/**"],
  // System tools the tests and the test runner call (not npm packages).
  ignoreBinaries: ["apt-get", "zipinfo", "useradd", "openssl"],
};

export default config;

#!/usr/bin/env node
// `npm run fuzz`: the two fuzzers with fresh seeds and more runs than `npm test` (which uses a fixed seed, see
// test/support/fuzz-seed.ts). Each prints its seed; a failure is replayed with FUZZ_SEED=<seed> (and FUZZ_PATH for the
// emulator fuzzer) or ACTION_FUZZ_SEED=<seed>, then kept as a fixed regression case in its test.
// Environment: FUZZ_RUNS_FACTOR (5), FUZZ_ROUNDS (1: how many fresh seeds per fuzzer). Builds the app when no build exists.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(root);
const bin = (name) => path.join(root, "node_modules/.bin", name);
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", FUZZ_FRESH: "1", FUZZ_RUNS_FACTOR: process.env.FUZZ_RUNS_FACTOR ?? "5" };
const rounds = Number(process.env.FUZZ_ROUNDS ?? 1);

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

const run = (cmd, args, extra = {}) => spawnSync(cmd, args, { stdio: "inherit", env: { ...env, ...extra } }).status === 0;

let failed = 0;
for (let i = 0; i < rounds; i++) {
  if (!run(bin("vitest"), ["run", "test/integration/security/emulator-fuzz.test.ts"])) failed++;
}
if (!existsSync(path.join(root, ".next", "BUILD_ID")) && !run(bin("next"), ["build"])) process.exit(1);
for (let i = 0; i < rounds; i++) {
  const ports = {
    E2E_PORT: String(await freePort()),
    E2E_OIDC_PORT: String(await freePort()),
    E2E_EMULATOR_PORT: String(20000 + Math.floor(Math.random() * 10000)),
  };
  if (!run(bin("playwright"), ["test", "test/e2e/action-fuzz.spec.ts"], ports)) failed++;
}
process.stdout.write(`fuzz: ${failed === 0 ? "no failures" : `${failed} failing run(s); see the seeds printed above`}\n`);
process.exit(failed === 0 ? 0 : 1);

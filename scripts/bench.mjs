#!/usr/bin/env node
// `npm run bench [-- NAME ...]`: runs the benchmarks in bench/ (all by default), one after another. Each prints its own
// figures side by side with its reference from the same run. Not part of `npm test`: numbers need a quiet machine.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const ts = ["--conditions=react-server", "--import", "tsx"];
const benches = {
  etag: ["bench/etag/run.mjs"],
  emulator: [...ts, "bench/emulator/run.ts"],
  batch: [...ts, "bench/batch/run.ts"],
  "folder-delete": [...ts, "bench/folder-delete/run.ts"],
  "batch-instances": [...ts, "bench/batch/instances.ts"],
  regions: [...ts, "bench/regions/run.ts"],
  upload: ["bench/upload/run.mjs"],
  load: ["--require", "./test/support/server-only-hook.cjs", "--import", "tsx", "bench/load/run.ts"],
  zip: ["--require", "./test/support/server-only-hook.cjs", "--import", "tsx", "bench/zip/run.ts"],
  reads: ["--require", "./test/support/server-only-hook.cjs", "--import", "tsx", "bench/reads/run.ts"],
  "cdn-render": ["--require", "./test/support/server-only-hook.cjs", "--import", "tsx", "bench/cdn-render/run.ts"],
  bundle: ["bench/bundle/run.mjs"],
};
const names = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(benches);
let failed = 0;
for (const name of names) {
  const args = benches[name];
  if (!args) {
    console.error(`unknown benchmark "${name}"; choose from: ${Object.keys(benches).join(", ")}`);
    process.exit(2);
  }
  console.log(`\n### bench/${name}`);
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);

#!/usr/bin/env node
// `npm test`: the whole suite — type check, lint, unused code (knip), unit + integration tests (vitest), production build,
// end-to-end tests (Playwright in Debian's chromium), then the main e2e specs once more with the console on PostgreSQL
// (POSTGRES_SPECS, a throw-away server from test/support/postgres-main.ts). Installs chromium and PostgreSQL from Debian
// when they are missing and we are root.
// Ends with one summary line: "summary: N passed, N failed".
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync, mkdirSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import readline from "node:readline";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(root);
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
const only = process.argv.slice(2); // e.g. `npm test -- unit e2e`
const want = (step) => only.length === 0 || only.includes(step);
const results = [];
let passed = 0;
let failed = 0;

function run(name, cmd, cmdArgs, extraEnv = {}) {
  const started = Date.now();
  process.stdout.write(`\n=== ${name}: ${cmd} ${cmdArgs.join(" ")}\n`);
  const r = spawnSync(cmd, cmdArgs, { stdio: "inherit", env: { ...env, ...extraEnv } });
  const ok = r.status === 0;
  results.push({ name, ok, seconds: Math.round((Date.now() - started) / 1000) });
  return ok;
}

function isRoot() {
  return typeof process.getuid === "function" && process.getuid() === 0;
}

function aptInstall(pkgs) {
  if (!isRoot()) return false;
  spawnSync("apt-get", ["update"], { stdio: "inherit" });
  return (
    spawnSync("apt-get", ["install", "-y", "--no-install-recommends", ...pkgs], { stdio: "inherit", env: { ...env, DEBIAN_FRONTEND: "noninteractive" } })
      .status === 0
  );
}

function ensureSystemPackages() {
  const missing = [];
  if (!existsSync("/usr/bin/chromium")) missing.push("chromium");
  const pgBin = ["17", "16", "15"].map((v) => `/usr/lib/postgresql/${v}/bin/postgres`).find((p) => existsSync(p));
  if (!pgBin) missing.push("postgresql");
  if (missing.length) {
    process.stdout.write(`installing from Debian: ${missing.join(", ")}\n`);
    if (!aptInstall(missing)) process.stdout.write(`could not install ${missing.join(", ")} (not root?): those tests will fail\n`);
  }
}

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

function count(label, p, f) {
  passed += p;
  failed += f;
  process.stdout.write(`${label}: ${p} passed, ${f} failed\n`);
}

const bin = (name) => path.join(root, "node_modules/.bin", name);

// The main paths, run once more with the console on PostgreSQL (the full e2e run uses the embedded database).
const POSTGRES_SPECS = ["test/e2e/everyday.spec.ts", "test/e2e/batch.spec.ts"];

/** A throw-away PostgreSQL server (test/support/postgres-main.ts) for the e2e run on PostgreSQL: { url, stop() }. */
function startTestPostgres() {
  const child = spawn(process.execPath, ["--import", "tsx", "test/support/postgres-main.ts"], { stdio: ["pipe", "pipe", "inherit"], env });
  return new Promise((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout });
    lines.once("line", (line) => {
      try {
        const { url } = JSON.parse(line);
        resolve({
          url,
          stop: () => new Promise((done) => (child.exitCode !== null ? done() : (child.once("exit", done), child.kill("SIGTERM")))),
        });
      } catch {
        reject(new Error(`unexpected output from postgres-main: ${line}`));
      }
    });
    child.once("exit", (code) => reject(new Error(`postgres-main exited (${code}) before it was ready`)));
  });
}

/** Runs Playwright (step `name`) and counts its JSON report under `label`. */
async function playwrightRun(name, label, args, extraEnv = {}) {
  const out = "test-results/playwright.json";
  rmSync(out, { force: true });
  const ports = {
    E2E_PORT: String(await freePort()),
    E2E_OIDC_PORT: String(await freePort()),
    E2E_EMULATOR_PORT: String(20000 + Math.floor(Math.random() * 20000)),
  };
  const ok = run(name, bin("playwright"), ["test", ...args], { ...ports, ...extraEnv });
  if (existsSync(out)) {
    const s = JSON.parse(readFileSync(out, "utf8")).stats ?? {};
    const f = (s.unexpected ?? 0) + (s.flaky ?? 0);
    count(label, s.expected ?? 0, f + (ok || f > 0 ? 0 : 1));
  } else count(label, 0, 1);
}

async function main() {
  ensureSystemPackages();
  mkdirSync("test-results", { recursive: true });

  if (want("typecheck")) {
    const ok = run("type check", bin("tsc"), ["--noEmit", "-p", "tsconfig.json"]);
    count("type check", ok ? 1 : 0, ok ? 0 : 1);
  }
  if (want("lint")) {
    const ok = run("lint", bin("eslint"), [".", "--max-warnings=0"]);
    count("lint", ok ? 1 : 0, ok ? 0 : 1);
    // The committed format (.prettierrc.json): `npm run format` fixes what this reports.
    const formatted = run("format (prettier --check)", bin("prettier"), ["--check", ".", "--log-level=warn"]);
    count("format", formatted ? 1 : 0, formatted ? 0 : 1);
  }
  if (want("knip")) {
    // Unused files, exports and dependencies stay at zero (knip.config.ts).
    const ok = run("unused code (knip)", bin("knip"), ["--no-progress"]);
    count("knip", ok ? 1 : 0, ok ? 0 : 1);
  }
  if (want("unit")) {
    const out = "test-results/vitest.json";
    rmSync(out, { force: true });
    const ok = run("unit + integration (vitest)", bin("vitest"), ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${out}`]);
    if (existsSync(out)) {
      const report = JSON.parse(readFileSync(out, "utf8"));
      // Files that fail to load count as failures too.
      const fileFailures = (report.testResults ?? []).filter((f) => f.status === "failed" && (f.assertionResults ?? []).length === 0).length;
      count("vitest", report.numPassedTests, report.numFailedTests + fileFailures + (ok || report.numFailedTests + fileFailures > 0 ? 0 : 1));
    } else count("vitest", 0, 1);
  }
  if (want("e2e")) {
    const built = run("production build", bin("next"), ["build"]);
    count("build", built ? 1 : 0, built ? 0 : 1);
    if (built) {
      await playwrightRun("end-to-end (playwright)", "playwright", []);
      // Once more on PostgreSQL, the main paths: the same specs with DATABASE_URL pointing to a fresh test server.
      let pgServer;
      try {
        pgServer = await startTestPostgres();
      } catch (err) {
        process.stdout.write(`${err.message}\n`);
        count("playwright on PostgreSQL", 0, 1);
      }
      if (pgServer) {
        try {
          await playwrightRun(
            "end-to-end on PostgreSQL (playwright)",
            "playwright on PostgreSQL",
            [...POSTGRES_SPECS, "--output", "test-results/e2e-postgres"],
            { DATABASE_URL: pgServer.url, E2E_HOME: ".data-e2e-pg" },
          );
        } finally {
          await pgServer.stop();
        }
      }
    }
  }

  process.stdout.write("\n");
  for (const r of results) process.stdout.write(`${r.ok ? "ok  " : "FAIL"} ${r.name} (${r.seconds}s)\n`);
  process.stdout.write(`summary: ${passed} passed, ${failed} failed\n`);
  process.exit(failed === 0 && passed > 0 ? 0 : 1);
}

main();

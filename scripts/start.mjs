#!/usr/bin/env node
// `npm start`: runs the console. Without QINIU_ACCESS_KEY/QINIU_SECRET_KEY it first starts the embedded Qiniu-compatible
// emulator with demo data and points the console at it. Builds the app when no build exists (or with --build).
//
// Flags: --build (always rebuild), --no-build (never build), --fresh (wipe CONSOLE_HOME first; used by tests).
// Environment: PORT (3000), HOSTNAME (127.0.0.1), CONSOLE_HOME (.data), EMULATOR_PORT (9400), EMULATOR_ACCESS_KEY,
// EMULATOR_SECRET_KEY, and every console setting documented in the README.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import readline from "node:readline";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(root);
const args = new Set(process.argv.slice(2));
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
const port = env.PORT ?? "3000";
const host = env.HOSTNAME ?? "127.0.0.1";
const home = path.resolve(env.CONSOLE_HOME ?? ".data");
const children = [];

function log(msg) {
  process.stdout.write(`[console] ${msg}\n`);
}

function fail(msg) {
  process.stderr.write(`\n[console] ${msg}\n\n`);
  shutdown(1);
}

let stopping = false;
/**
 * Stops the children and waits for them (at most 10 s, then SIGKILL), so that when this script has exited the emulator
 * has closed its data directory too: a restart right after cannot find it still in use.
 */
function shutdown(code = 0) {
  if (stopping) return;
  stopping = true;
  const running = children.filter((c) => c.exitCode === null && c.signalCode === null);
  if (running.length === 0) process.exit(code);
  let left = running.length;
  const done = () => {
    if (--left === 0) process.exit(code);
  };
  for (const child of running) {
    child.once("exit", done);
    child.kill("SIGTERM");
  }
  setTimeout(() => {
    for (const child of running) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  }, 10_000).unref();
}
process.on("SIGINT", () => shutdown(130));
process.on("SIGTERM", () => shutdown(143));

if (args.has("--fresh")) rmSync(home, { recursive: true, force: true });
mkdirSync(path.join(home, "console"), { recursive: true });

// A stable session secret per data directory, so sessions survive restarts.
if (!env.NEXTAUTH_SECRET) {
  const file = path.join(home, "console", "auth-secret");
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
  env.NEXTAUTH_SECRET = readFileSync(file, "utf8").trim();
}
const publicUrl = env.CONSOLE_PUBLIC_URL ?? `http://${host === "0.0.0.0" ? "localhost" : host}:${port}`;
env.NEXTAUTH_URL ??= publicUrl;
env.CONSOLE_PUBLIC_URL ??= publicUrl;
env.CONSOLE_DATA_DIR ??= path.join(home, "console");

/** Starts the emulator and resolves with its ready JSON (the first stdout line). */
function startEmulator() {
  const emuEnv = {
    ...env,
    EMULATOR_DATA_DIR: env.EMULATOR_DATA_DIR ?? path.join(home, "emulator"),
    EMULATOR_HOST: env.EMULATOR_HOST ?? "127.0.0.1",
    EMULATOR_PORT: env.EMULATOR_PORT ?? "9400",
    // Emulator callbacks and pfop notifications may target the console on loopback.
    EMULATOR_ALLOW_LOOPBACK_CALLBACKS: "1",
  };
  const child = spawn(process.execPath, ["--import", "tsx", "server/emulator/main.ts", "--seed"], {
    env: emuEnv,
    stdio: ["ignore", "pipe", "inherit"],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout });
    let ready = false;
    lines.on("line", (line) => {
      if (!ready) {
        try {
          const info = JSON.parse(line);
          if (info.ready) {
            ready = true;
            resolve(info);
            return;
          }
        } catch {
          /* not the ready line */
        }
      }
      process.stdout.write(`[emulator] ${line}\n`);
    });
    child.on("exit", (code, signal) => {
      const how = signal ? `signal ${signal}` : `exit code ${code}`;
      if (!ready) reject(new Error(`the emulator exited (${how}) before it was ready`));
      else emulatorDied(how);
    });
  });
}

// ---- Emulator supervision ----
// A dead emulator leaves the console up with every action failing, so it is restarted: after 0.5, 1, 2, 4, 8 s, and
// when it dies RESTART_LIMIT times in a row without staying up RESTART_STABLE_MS, the script gives up, says so and
// stops the console too (a console whose Qiniu is gone is better stopped than half alive).
const RESTART_LIMIT = 5;
const RESTART_STABLE_MS = 60_000;
let emulatorEndpoints = "";
let emulatorUpSince = 0;
let rapidFailures = 0;
let restarting = false;

function emulatorEnv(info) {
  const ep = info.endpoints;
  return {
    CONSOLE_EMULATOR: "1",
    QINIU_ACCESS_KEY: env.EMULATOR_ACCESS_KEY,
    QINIU_SECRET_KEY: env.EMULATOR_SECRET_KEY,
    QINIU_UP_HOST: ep.up,
    QINIU_IO_HOST: ep.io,
    QINIU_RS_HOST: ep.rs,
    QINIU_RSF_HOST: ep.rsf,
    QINIU_API_HOST: ep.api,
    QINIU_UC_HOST: ep.uc,
    QINIU_FUSION_HOST: ep.fusion,
  };
}

function emulatorStarted(info) {
  emulatorUpSince = Date.now();
  emulatorEndpoints = JSON.stringify(info.endpoints);
  Object.assign(env, emulatorEnv(info));
  log(`emulator ready: uc ${info.endpoints.uc}, up ${info.endpoints.up}, buckets: ${Object.keys(info.buckets ?? {}).join(", ") || "none"}`);
}

function emulatorDied(how) {
  if (stopping || restarting) return;
  if (Date.now() - emulatorUpSince >= RESTART_STABLE_MS) rapidFailures = 0;
  log(`the emulator stopped (${how}); restarting it`);
  void restartEmulator();
}

async function restartEmulator() {
  restarting = true;
  let lastError = "";
  while (!stopping) {
    if (rapidFailures >= RESTART_LIMIT) {
      return fail(
        `the emulator failed ${rapidFailures} times in a row (last: ${lastError || "it stopped soon after starting"}); giving up and stopping the console`,
      );
    }
    const delay = 500 * 2 ** rapidFailures++;
    log(`restarting the emulator in ${delay / 1000} s (attempt ${rapidFailures} of ${RESTART_LIMIT})…`);
    await new Promise((r) => setTimeout(r, delay));
    if (stopping) return;
    try {
      const before = emulatorEndpoints;
      const info = await startEmulator();
      restarting = false;
      emulatorStarted(info);
      // With EMULATOR_PORT=0 the new emulator listens elsewhere: the console must be started again to follow it.
      if (JSON.stringify(info.endpoints) !== before) restartNext();
      return;
    } catch (err) {
      lastError = err.message;
      log(`${err.message}`);
    }
  }
}

function needsBuild() {
  if (args.has("--build")) return true;
  if (args.has("--no-build")) return false;
  return !existsSync(path.join(root, env.NEXT_DIST_DIR ?? ".next", "BUILD_ID"));
}

async function main() {
  if (!env.QINIU_ACCESS_KEY && !env.QINIU_SECRET_KEY) {
    log("no QINIU_ACCESS_KEY/QINIU_SECRET_KEY: starting the embedded Qiniu emulator with demo data…");
    env.EMULATOR_ACCESS_KEY ??= "demo-access-key";
    env.EMULATOR_SECRET_KEY ??= "demo-secret-key-change-me";
    let info;
    try {
      info = await startEmulator();
    } catch (err) {
      return fail(err.message);
    }
    emulatorStarted(info);
  }

  if (needsBuild()) {
    log("building the console (first start only; takes a minute)…");
    const build = spawnSync(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "build"], { env, stdio: "inherit" });
    if (build.status !== 0) return fail("the build failed; see above");
  }

  startNext();
  log(`console starting at ${publicUrl} (data in ${home})`);
}

let nextServer;
function startNext() {
  const server = spawn(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "start", "-p", port, "-H", host], {
    env,
    stdio: ["ignore", "inherit", "inherit"],
  });
  children.push(server);
  nextServer = server;
  server.on("exit", (code) => {
    if (server === nextServer) shutdown(code ?? 1);
  });
}

/** Stops `next start` and starts it again with the current environment (the restarted emulator's endpoints). */
function restartNext() {
  const old = nextServer;
  if (!old || stopping) return;
  nextServer = undefined;
  log("restarting the console for the emulator's new endpoints…");
  old.once("exit", () => {
    children.splice(children.indexOf(old), 1);
    if (!stopping) startNext();
  });
  old.kill("SIGTERM");
  setTimeout(() => {
    if (old.exitCode === null && old.signalCode === null) old.kill("SIGKILL");
  }, 10_000).unref();
}

main();

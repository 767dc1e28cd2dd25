// Starts the real emulator program (server/emulator/main.ts) on ephemeral ports with its own data directory,
// for integration and browser tests. Contract: team brief, "Test helper test/support/emulator.ts".
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";

export type EmulatorService = "up" | "rs" | "rsf" | "api" | "uc" | "io" | "fusion";

export interface RunningEmulator {
  endpoints: Record<EmulatorService, string>;
  accessKey: string;
  secretKey: string;
  buckets: Record<string, { domain: string; private: boolean }>;
  /** Each emulated region's own listeners (z0's are also in `endpoints`); `up` is [primary, backup]. */
  regions: Record<"z0" | "z1", { up: string[]; rs: string; rsf: string; api: string; io: string }>;
  dataDir: string;
  process: ChildProcess;
  /** SIGTERM, wait for exit; removes the data directory if the helper created it. */
  stop(): Promise<void>;
  /** SIGKILL now (crash tests); the data directory is kept. */
  kill9(): void;
}

export interface StartEmulatorOptions {
  seed?: boolean;
  /** Reuse a data directory (restarts); otherwise a fresh temporary one is made and removed by stop(). */
  dataDir?: string;
  env?: Record<string, string>;
  /** Let fetch / mirror prefetch read loopback URLs (--allow-loopback-fetch); off by default, as in `npm start`. */
  allowLoopbackFetch?: boolean;
  /** Milliseconds to wait for the ready line (default 90 s: the first seed generates media). */
  timeoutMs?: number;
}

// __dirname, not import.meta: Playwright loads this file as CommonJS (test/e2e/multi-instance.spec.ts), vitest and tsx give both.
const ROOT = path.resolve(__dirname, "../..");
const DEFAULT_SECRET = "demo-secret-key-change-me";

export async function startEmulator(opts: StartEmulatorOptions = {}): Promise<RunningEmulator> {
  const ownDir = opts.dataDir === undefined;
  const dataDir = opts.dataDir ?? mkdtempSync(path.join(os.tmpdir(), "qiniu-emulator-test-"));
  const env: Record<string, string | undefined> = {
    ...process.env,
    EMULATOR_PORT: "0",
    EMULATOR_HOST: "127.0.0.1",
    EMULATOR_DATA_DIR: dataDir,
    ...opts.env,
  };
  // EMULATOR_NODE_FLAGS: extra node flags for the emulator process (profiling: "--cpu-prof --cpu-prof-dir=/tmp/prof").
  const nodeFlags = (process.env.EMULATOR_NODE_FLAGS ?? "").split(" ").filter(Boolean);
  const args = [...nodeFlags, "--import", "tsx", path.join(ROOT, "server/emulator/main.ts"), "--data-dir", dataDir];
  if (opts.seed) args.push("--seed");
  if (opts.allowLoopbackFetch) args.push("--allow-loopback-fetch");
  const child = spawn(process.execPath, args, { cwd: ROOT, env: env as NodeJS.ProcessEnv, stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr!.setEncoding("utf8");
  child.stderr!.on("data", (s: string) => {
    stderr = (stderr + s).slice(-20_000);
    if (process.env.EMULATOR_TEST_LOG) process.stderr.write(s);
  });

  const info = await new Promise<{
    endpoints: Record<EmulatorService, string>;
    accessKey: string;
    buckets: RunningEmulator["buckets"];
    regions: RunningEmulator["regions"];
  }>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`emulator not ready after ${opts.timeoutMs ?? 90_000} ms:\n${stderr}`));
    }, opts.timeoutMs ?? 90_000);
    const lines = readline.createInterface({ input: child.stdout! });
    lines.once("line", (line) => {
      clearTimeout(timer);
      try {
        const parsed = JSON.parse(line);
        if (!parsed.ready) throw new Error("not a ready line");
        resolve(parsed);
      } catch {
        reject(new Error(`unexpected first line from the emulator: ${line}\n${stderr}`));
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`emulator exited with code ${code} before it was ready:\n${stderr}`));
    });
  });
  // Keep draining stdout so the child never blocks on a full pipe.
  child.stdout!.resume();

  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once("exit", () => resolve());
  });
  return {
    ...info,
    secretKey: opts.env?.EMULATOR_SECRET_KEY ?? DEFAULT_SECRET,
    dataDir,
    process: child,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
        await exited;
        clearTimeout(timer);
      }
      if (ownDir) rmSync(dataDir, { recursive: true, force: true });
    },
    kill9() {
      child.kill("SIGKILL");
    },
  };
}

/** Waits for a killed emulator to be gone (after kill9()). */
export function exitOf(emu: RunningEmulator): Promise<void> {
  const child = emu.process;
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once("exit", () => resolve()));
}

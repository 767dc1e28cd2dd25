// A console of a test's own (scripts/start.mjs on the embedded emulator, the same build as the e2e run), on free ports
// and a fresh data directory, with everything it and its emulator print captured — for tests about server output (no
// secret in the logs), that need settings the shared e2e server does not have (tight login limits), or that kill and
// restart the console on the same data (batch jobs surviving a crash).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { readFileSync, rmSync } from "node:fs";

const root = path.resolve(__dirname, "../..");

export interface OwnConsole {
  baseUrl: string;
  port: number;
  /** CONSOLE_HOME: the console database and the emulator's data. */
  home: string;
  /** Everything the console, Next and the emulator printed so far (stdout and stderr). */
  output(): string;
  /** Process ids of the start script's children (the emulator and `next start`). */
  children(): number[];
  /** The start script's child running `server/emulator/main.ts`, or the one running `next start`. */
  childPid(which: "emulator" | "next"): number | undefined;
  /** The emulator's endpoints as the start script announced them (`[console] emulator ready: uc …`). */
  emulatorUc(): string;
  /** Resolves when the start script has exited (with its exit code or signal name). */
  exited(): Promise<number | string>;
  /** Stops the start script (SIGTERM, which stops its children) and deletes the home directory unless it is kept. */
  stop(): Promise<void>;
}

export interface OwnConsoleOptions {
  timeoutMs?: number;
  /**
   * Run on this CONSOLE_HOME as it is (no --fresh) — a restart on the data of an earlier console. A home given here is
   * never deleted by stop().
   */
  home?: string;
  /** Keep the (fresh) home directory on stop(), for a restart on the same data. */
  keepHome?: boolean;
  /** Listen on this port (e.g. the port of the console being restarted) instead of a free one. */
  port?: number;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ");
  } catch {
    return "";
  }
}

/** True while `pid` runs (a zombie counts as gone). */
export function processAlive(pid: number): boolean {
  try {
    return !/^\d+ \([^)]*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
}

export async function startOwnConsole(env: Record<string, string>, opts: number | OwnConsoleOptions = {}): Promise<OwnConsole> {
  const { timeoutMs = 120_000, home: givenHome, keepHome = false, port: givenPort } = typeof opts === "number" ? { timeoutMs: opts } : opts;
  const port = givenPort ?? (await freePort());
  const home = givenHome ?? path.join(root, `${process.env.E2E_HOME ?? ".data-e2e"}-own-${port}`);
  const child: ChildProcess = spawn(process.execPath, ["scripts/start.mjs", "--no-build", ...(givenHome ? [] : ["--fresh"])], {
    cwd: root,
    env: { ...process.env, PORT: String(port), HOSTNAME: "127.0.0.1", CONSOLE_HOME: home, EMULATOR_PORT: "0", NEXT_TELEMETRY_DISABLED: "1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<number | string>((resolve) => child.once("exit", (code, signal) => resolve(code ?? signal ?? "?")));
  let out = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString("utf8")));
  child.stderr!.on("data", (d: Buffer) => (out += d.toString("utf8")));
  const baseUrl = `http://127.0.0.1:${port}`;
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the console exited (${child.exitCode}):\n${out.slice(-3000)}`);
    const ok = await fetch(`${baseUrl}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() - started > timeoutMs) {
      child.kill("SIGTERM");
      throw new Error(`the console did not answer within ${timeoutMs} ms:\n${out.slice(-3000)}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const children = () => {
    const ps = spawnSync("ps", ["-o", "pid=", "--ppid", String(child.pid)], { encoding: "utf8" });
    return ps.stdout
      .split("\n")
      .map((s) => Number(s.trim()))
      .filter((n) => n > 0);
  };
  return {
    baseUrl,
    port,
    home,
    output: () => out,
    children,
    // `next start` renames its process (`next-server (v16…)`), which shows in /proc/<pid>/cmdline.
    childPid: (which) => children().find((pid) => (which === "emulator" ? /server\/emulator\/main\.ts/ : /next start|next-server/).test(commandLine(pid))),
    emulatorUc() {
      const m = /\[console\] emulator ready: uc (\S+?),/.exec(out);
      if (!m) throw new Error(`the start script did not announce the emulator:\n${out.slice(-2000)}`);
      return m[1];
    },
    exited: () => exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      }
      if (!givenHome && !keepHome) rmSync(home, { recursive: true, force: true });
    },
  };
}

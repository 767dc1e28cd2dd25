// A console of a test's own (scripts/start.mjs on the embedded emulator, the same build as the e2e run), on free ports
// and a fresh data directory, with everything it and its emulator print captured — for tests about server output (no
// secret in the logs) or that need settings the shared e2e server does not have (tight login limits).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { rmSync } from "node:fs";

const root = path.resolve(__dirname, "../..");

export interface OwnConsole {
  baseUrl: string;
  /** Everything the console, Next and the emulator printed so far (stdout and stderr). */
  output(): string;
  /** Process ids of the start script's children (the emulator and `next start`). */
  children(): number[];
  stop(): Promise<void>;
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

export async function startOwnConsole(env: Record<string, string>, timeoutMs = 120_000): Promise<OwnConsole> {
  const port = await freePort();
  const home = path.join(root, `${process.env.E2E_HOME ?? ".data-e2e"}-own-${port}`);
  const child: ChildProcess = spawn(process.execPath, ["scripts/start.mjs", "--no-build", "--fresh"], {
    cwd: root,
    env: { ...process.env, PORT: String(port), HOSTNAME: "127.0.0.1", CONSOLE_HOME: home, EMULATOR_PORT: "0", NEXT_TELEMETRY_DISABLED: "1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString("utf8")));
  child.stderr!.on("data", (d: Buffer) => (out += d.toString("utf8")));
  const baseUrl = `http://127.0.0.1:${port}`;
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the console exited (${child.exitCode}):\n${out.slice(-3000)}`);
    const ok = await fetch(`${baseUrl}/api/health`).then((r) => r.ok, () => false);
    if (ok) break;
    if (Date.now() - started > timeoutMs) {
      child.kill("SIGTERM");
      throw new Error(`the console did not answer within ${timeoutMs} ms:\n${out.slice(-3000)}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    baseUrl,
    output: () => out,
    children() {
      const ps = spawnSync("ps", ["-o", "pid=", "--ppid", String(child.pid)], { encoding: "utf8" });
      return ps.stdout.split("\n").map((s) => Number(s.trim())).filter((n) => n > 0);
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      }
      rmSync(home, { recursive: true, force: true });
    },
  };
}

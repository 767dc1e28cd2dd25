// Starts a throw-away PostgreSQL server (Debian's binaries) in a temp dir on a free loopback port, for data-layer tests.
// As root, PostgreSQL runs as the `postgres` system user (created if missing).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";

export interface RunningPostgres {
  url: string;
  port: number;
  dataDir: string;
  stop(): Promise<void>;
  /** Stops the server (fast shutdown, or `kill -9` with `{ crash: true }`) and starts it again on the same port and data. */
  restart(opts?: { crash?: boolean; downMs?: number }): Promise<void>;
}

export function findPostgresBin(): string {
  const base = "/usr/lib/postgresql";
  const versions = existsSync(base)
    ? readdirSync(base)
        .filter((v) => existsSync(path.join(base, v, "bin", "postgres")))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0) {
    throw new Error(
      "PostgreSQL server binaries were not found in /usr/lib/postgresql/*/bin. Install Debian's `postgresql` package " +
        "(apt-get install -y postgresql); `npm test` and .ci/run do this automatically when run as root.",
    );
  }
  return path.join(base, versions[0], "bin");
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

const isRoot = () => typeof process.getuid === "function" && process.getuid() === 0;

function postgresUid(): { uid?: number; gid?: number } {
  let info = spawnSync("id", ["-u", "postgres"], { encoding: "utf8" });
  if (info.status !== 0) {
    spawnSync("useradd", ["--system", "--no-create-home", "--shell", "/usr/sbin/nologin", "postgres"], { stdio: "inherit" });
    info = spawnSync("id", ["-u", "postgres"], { encoding: "utf8" });
    if (info.status !== 0) throw new Error("running as root, but the `postgres` system user does not exist and could not be created");
  }
  const gid = spawnSync("id", ["-g", "postgres"], { encoding: "utf8" }).stdout.trim();
  return { uid: Number(info.stdout.trim()), gid: Number(gid) };
}

async function waitReady(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`postgres exited with code ${child.exitCode}:\n${log()}`);
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.end();
      return;
    } catch (err) {
      await client.end().catch(() => {});
      if (Date.now() > deadline) throw new Error(`postgres did not become ready: ${(err as Error).message}\n${log()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

export async function startPostgres(): Promise<RunningPostgres> {
  const bin = findPostgresBin();
  const root = mkdtempSync(path.join(os.tmpdir(), "console-pg-"));
  const dataDir = path.join(root, "data");
  // PostgreSQL refuses to run as root: run its programs as the `postgres` user then.
  const user = isRoot() ? postgresUid() : {};
  if (isRoot()) chownSync(root, user.uid!, user.gid!);
  const init = spawnSync(path.join(bin, "initdb"), ["-D", dataDir, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8", "--locale=C.UTF-8"], {
    encoding: "utf8",
    ...user,
  });
  if (init.status !== 0) throw new Error(`initdb failed (${init.status}):\n${init.stdout}\n${init.stderr}`);

  const port = await freePort();
  const args = ["-D", dataDir, "-k", root, "-p", String(port), "-h", "127.0.0.1", "-F", "-c", "max_connections=50"];
  let output = "";
  const launch = () => {
    const c = spawn(path.join(bin, "postgres"), args, { stdio: ["ignore", "pipe", "pipe"], ...user });
    c.stdout?.on("data", (d) => (output += d));
    c.stderr?.on("data", (d) => (output += d));
    return c;
  };
  let child = launch();
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  try {
    await waitReady(url, child, () => output);
  } catch (err) {
    child.kill("SIGKILL");
    rmSync(root, { recursive: true, force: true });
    throw err;
  }
  const halt = async (signal: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once("exit", r));
    // SIGINT = PostgreSQL's "fast shutdown".
    child.kill(signal);
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGKILL");
      await exited;
    }
  };
  return {
    url,
    port,
    dataDir,
    async stop() {
      await halt("SIGINT");
      rmSync(root, { recursive: true, force: true });
    },
    async restart(opts = {}) {
      await halt(opts.crash ? "SIGKILL" : "SIGINT");
      if (opts.crash) {
        // After kill -9 the postmaster's children may linger briefly and hold the lock file; wait for them to go.
        await new Promise((r) => setTimeout(r, 300));
      }
      if (opts.downMs) await new Promise((r) => setTimeout(r, opts.downMs));
      child = launch();
      await waitReady(url, child, () => output);
    },
  };
}

/** A fresh, empty database on a running server (one per test file keeps tests independent). */
export async function createDatabase(server: RunningPostgres, name: string): Promise<string> {
  const client = new pg.Client({ connectionString: server.url });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name.replace(/"/g, "")}"`);
  } finally {
    await client.end();
  }
  return server.url.replace(/\/postgres$/, `/${name}`);
}

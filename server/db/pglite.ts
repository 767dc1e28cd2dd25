import "server-only";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import type { Db, Queryable } from "./types";

type PGliteLike = Pick<PGlite, "query" | "exec">;

function queryable(pg: PGliteLike): Queryable {
  return {
    async query<T>(sql: string, params?: readonly unknown[]) {
      const result = await pg.query<T>(sql, params ? [...params] : undefined);
      return result.rows;
    },
    async exec(sql: string) {
      await pg.exec(sql);
    },
  };
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * PGlite is a single-process database: a second process opening the same directory would corrupt it. A pid file next
 * to the data directory turns that mistake into a clear start-up error.
 */
function lockDataDir(dataDir: string): () => void {
  const lockFile = `${dataDir}.lock`;
  try {
    const pid = Number(readFileSync(lockFile, "utf8").trim());
    if (pid && pid !== process.pid && processAlive(pid)) {
      throw new Error(
        `The embedded database at ${dataDir} is in use by another console process (pid ${pid}). ` +
          "Stop it, or set DATABASE_URL to a PostgreSQL server to run several console instances.",
      );
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
  }
  writeFileSync(lockFile, String(process.pid));
  return () => rmSync(lockFile, { force: true });
}

export async function openPglite(dataDir: string): Promise<Db> {
  const dir = path.resolve(dataDir);
  mkdirSync(path.dirname(dir), { recursive: true });
  const unlock = lockDataDir(dir);
  try {
    // Imported lazily: loading the WASM build is costly and must not happen while Next collects pages at build time.
    const { PGlite } = await import("@electric-sql/pglite");
    const pg = await PGlite.create(dir);
    return {
      engine: "pglite",
      ...queryable(pg),
      // PGlite runs one transaction at a time; other queries wait for it to finish.
      transaction: (fn) => pg.transaction((tx) => fn(queryable(tx))),
      async close() {
        await pg.close();
        unlock();
      },
    };
  } catch (err) {
    unlock();
    throw err;
  }
}

// Opens the console database on either engine for data-layer tests: PGlite in a temp dir, or a fresh database on a
// real PostgreSQL server started by test/support/postgres.ts. Both get the real migrations.
import { cpSync, existsSync, mkdtempSync, renameSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { openPglite } from "@/server/db/pglite";
import { openPostgres } from "@/server/db/postgres";
import { migrate } from "@/server/db/migrate";
import type { Db } from "@/server/db";
import { createDatabase, startPostgres, type RunningPostgres } from "./postgres";

export const ENGINES = ["pglite", "postgres"] as const;
export type EngineName = (typeof ENGINES)[number];

// PGlite's first open runs initdb (5-10 s here); an empty, initialised data dir is made once and copied per test.
const TEMPLATE = path.join(os.tmpdir(), "console-pglite-template-0.5.16");

async function pgliteTemplate(): Promise<string> {
  if (existsSync(path.join(TEMPLATE, "PG_VERSION"))) return TEMPLATE;
  const building = `${TEMPLATE}.${process.pid}.${randomBytes(4).toString("hex")}`;
  const db = await openPglite(building);
  await db.close();
  try {
    renameSync(building, TEMPLATE); // atomic: a parallel worker either wins or finds it done
  } catch {
    rmSync(building, { recursive: true, force: true });
  }
  return TEMPLATE;
}

export interface TestDb {
  db: Db;
  /** Another independent connection (pool) to the same database: PostgreSQL only. */
  connectAgain(): Promise<Db>;
  close(): Promise<void>;
}

let server: Promise<RunningPostgres> | undefined;

/** One PostgreSQL server per test file (worker); stop it in afterAll with stopPostgres(). */
export async function stopPostgres(): Promise<void> {
  const s = server;
  server = undefined;
  if (s) await (await s).stop();
}

export async function openTestDb(engine: EngineName, opts: { migrate?: boolean } = {}): Promise<TestDb> {
  let db: Db;
  let connectAgain: () => Promise<Db>;
  let cleanup: () => void = () => {};
  if (engine === "pglite") {
    const root = mkdtempSync(path.join(os.tmpdir(), "console-pglite-"));
    const dir = path.join(root, "db");
    cpSync(await pgliteTemplate(), dir, { recursive: true });
    db = await openPglite(dir);
    connectAgain = () => Promise.reject(new Error("PGlite is single-connection"));
    cleanup = () => rmSync(root, { recursive: true, force: true });
  } else {
    server ??= startPostgres();
    const url = await createDatabase(await server, `t_${randomBytes(6).toString("hex")}`);
    db = await openPostgres(url);
    connectAgain = () => openPostgres(url);
  }
  if (opts.migrate !== false) await migrate(db);
  return {
    db,
    connectAgain,
    async close() {
      await db.close();
      cleanup();
    },
  };
}

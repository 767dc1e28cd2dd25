import "server-only";
import { getConfig } from "@/server/config";
import { openPglite } from "./pglite";
import { openPostgres } from "./postgres";
import type { Db, Queryable } from "./types";

export type { Db, Queryable } from "./types";

export function openDb(database: ReturnType<typeof getConfig>["database"]): Promise<Db> {
  return database.kind === "postgres" ? openPostgres(database.url) : openPglite(database.dataDir);
}

// Next bundles instrumentation, pages and route handlers separately, so this module can be loaded more than once in
// one process; the handle lives on globalThis so that there is only ever one (PGlite must be opened once).
const KEY = Symbol.for("qiniu-console.db");
type Holder = { [KEY]?: Promise<Db> };

function opened(): Promise<Db> {
  const holder = globalThis as Holder;
  if (!holder[KEY]) {
    holder[KEY] = openDb(getConfig().database);
    // A failed open is not cached: the next call tries again and reports the error again.
    holder[KEY].catch(() => delete holder[KEY]);
  }
  return holder[KEY];
}

/**
 * The console database. Opening is lazy (the first query opens it), so importing this module is free at build time.
 */
export function getDb(): Db {
  return lazyDb;
}

const lazyDb: Db = {
  get engine() {
    return getConfig().database.kind === "postgres" ? "postgres" : "pglite";
  },
  query: async <T>(sql: string, params?: readonly unknown[]) => (await opened()).query<T>(sql, params),
  exec: async (sql: string) => (await opened()).exec(sql),
  transaction: async <R>(fn: (tx: Queryable) => Promise<R>) => (await opened()).transaction(fn),
  async close() {
    const holder = globalThis as Holder;
    const db = holder[KEY];
    delete holder[KEY];
    if (db) await (await db).close();
  },
};

import "server-only";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Db } from "./types";

export const MIGRATIONS_DIR = path.join(process.cwd(), "server", "db", "migrations");
const FILE = /^(\d{3,})_[a-z0-9_]+\.sql$/;
// Any fixed number: every console instance takes the same lock, so only one applies migrations at a time.
const MIGRATION_LOCK = 727_001;

export interface Migration {
  id: string;
  sql: string;
}

/** `NNN_name.sql` files in number order; a duplicate number is a mistake worth stopping for. */
export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  // Read at run time from the source tree (`next start` runs in the project root); not a bundling concern.
  const files = readdirSync(/*turbopackIgnore: true*/ dir)
    .filter((f) => f.endsWith(".sql"))
    .sort();
  const seen = new Map<string, string>();
  return files.map((file) => {
    const match = FILE.exec(file);
    if (!match) throw new Error(`migration file name must look like 001_name.sql: ${file}`);
    const other = seen.get(match[1]);
    if (other) throw new Error(`two migrations share the number ${match[1]}: ${other} and ${file}`);
    seen.set(match[1], file);
    return { id: file.replace(/\.sql$/, ""), sql: readFileSync(path.join(/*turbopackIgnore: true*/ dir, file), "utf8") };
  });
}

/**
 * Applies the migrations not applied yet, in one transaction, under an advisory lock so that several console
 * instances starting together against one PostgreSQL wait for each other instead of racing. Returns the ids applied.
 */
export async function migrate(db: Db, migrations: Migration[] = readMigrations()): Promise<string[]> {
  return db.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK]);
    await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      id text PRIMARY KEY,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const done = new Set((await tx.query<{ id: string }>("SELECT id FROM schema_migrations")).map((r) => r.id));
    const applied: string[] = [];
    for (const m of migrations) {
      if (done.has(m.id)) continue;
      try {
        await tx.exec(m.sql);
      } catch (err) {
        throw new Error(`migration ${m.id} failed: ${(err as Error).message}`, { cause: err });
      }
      await tx.query("INSERT INTO schema_migrations (id) VALUES ($1)", [m.id]);
      applied.push(m.id);
    }
    return applied;
  });
}

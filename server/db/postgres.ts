import "server-only";
import pg from "pg";
import type { Db, Queryable } from "./types";

const INT8_OID = 20;

// node-postgres returns int8 as a string; PGlite returns a number. Ids and counts stay far below 2^53.
const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === INT8_OID && format !== "binary" ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig["getTypeParser"],
};

function queryable(client: pg.Pool | pg.PoolClient): Queryable {
  return {
    async query<T>(sql: string, params?: readonly unknown[]) {
      const result = await client.query(sql, params ? [...params] : undefined);
      return result.rows as T[];
    },
    async exec(sql: string) {
      await client.query(sql);
    },
  };
}

export async function openPostgres(url: string, opts: { max?: number } = {}): Promise<Db> {
  const pool = new pg.Pool({ connectionString: url, max: opts.max ?? 10, types, idleTimeoutMillis: 30_000 });
  // An idle client that loses its connection (server restart) must not crash the process.
  pool.on("error", (err) => console.error("[db] idle PostgreSQL connection failed:", err.message));
  // Fail start-up now, with the server's message, rather than on the first page.
  const probe = await pool.connect();
  probe.release();
  return {
    engine: "postgres",
    ...queryable(pool),
    async transaction(fn) {
      const client = await pool.connect();
      // A checked-out client has no pool listener: if the server goes away mid-transaction, its 'error' event would be
      // unhandled and take the whole process down. The statement in flight fails anyway; remember the client is broken.
      let broken: Error | undefined;
      const onError = (err: Error) => {
        broken = err;
      };
      client.on("error", onError);
      try {
        await client.query("BEGIN");
        const result = await fn(queryable(client));
        await client.query("COMMIT");
        return result;
      } catch (err) {
        await client.query("ROLLBACK").catch((e: Error) => {
          broken ??= e;
        });
        throw err;
      } finally {
        client.off("error", onError);
        // A broken connection is destroyed instead of going back to the pool.
        client.release(broken ?? false);
      }
    },
    close: () => pool.end(),
  };
}

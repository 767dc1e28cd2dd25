/** Something SQL can run on: the database itself or an open transaction. Placeholders are `$1, $2, …` on both engines. */
export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** Runs one or more statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export type DbEngine = "pglite" | "postgres";

/**
 * The console database. The same API and the same SQL on both engines; value types are normalised so that
 * int8 (bigserial, count(*)) arrives as a number, timestamptz as a Date and jsonb as a parsed value on both.
 */
export interface Db extends Queryable {
  readonly engine: DbEngine;
  /** Runs `fn` in one transaction: commits when it resolves, rolls back when it throws. Use only `tx` inside. */
  transaction<R>(fn: (tx: Queryable) => Promise<R>): Promise<R>;
  close(): Promise<void>;
}

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate, readMigrations } from "@/server/db/migrate";
import { ENGINES, openTestDb, stopPostgres, type TestDb } from "@/test/support/db";

afterAll(stopPostgres);

// One database per engine for the file (opening PGlite costs seconds): the tests run in order on it, starting empty.
describe.each(ENGINES)("console database on %s", (engine) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await openTestDb(engine, { migrate: false });
  });
  afterAll(() => t?.close());

  it("rolls back every pending migration when one fails, leaving nothing behind", async () => {
    const broken = [
      { id: "900_ok", sql: "CREATE TABLE first_table (id int)" },
      { id: "901_broken", sql: "CREATE TABLE second_table (id int); SELECT no_such_column FROM first_table" },
    ];
    await expect(migrate(t.db, broken)).rejects.toThrow(/migration 901_broken failed/);
    const tables = await t.db.query("SELECT 1 FROM information_schema.tables WHERE table_name IN ('first_table', 'second_table', 'schema_migrations')");
    expect(tables).toEqual([]);
  });

  it("applies each migration exactly once when several instances start together (advisory lock)", async () => {
    const others = engine === "postgres" ? await Promise.all([t.connectAgain(), t.connectAgain()]) : [t.db, t.db];
    try {
      const results = await Promise.all([t.db, ...others].map((db) => migrate(db)));
      const all = readMigrations().map((m) => m.id);
      // One instance applied everything, in order; the others waited for the lock and found nothing left to do.
      expect(results.filter((r) => r.length > 0)).toEqual([all]);
      const rows = await t.db.query<{ id: string }>("SELECT id FROM schema_migrations ORDER BY id");
      expect(rows.map((r) => r.id)).toEqual(all);
      expect(await migrate(t.db)).toEqual([]);
    } finally {
      if (engine === "postgres") await Promise.all(others.map((db) => db.close()));
    }
  });

  it("returns the same value types on both engines", async () => {
    const [row] = await t.db.query<Record<string, unknown>>(
      "SELECT count(*) AS n, 7::int8 AS big, 2::int4 AS small, now() AS at, $1::jsonb AS doc, $2::text[] AS list, true AS yes, NULL::text AS nothing",
      [JSON.stringify({ a: [1, "b"] }), ["x", "y"]],
    );
    expect(row).toMatchObject({ n: 1, big: 7, small: 2, doc: { a: [1, "b"] }, list: ["x", "y"], yes: true, nothing: null });
    expect(row.at).toBeInstanceOf(Date);
  });

  it("commits a transaction that resolves and rolls back one that throws", async () => {
    await t.db.exec("CREATE TABLE tx_probe (v int)");
    await t.db.transaction(async (tx) => {
      await tx.query("INSERT INTO tx_probe VALUES ($1)", [1]);
    });
    await expect(
      t.db.transaction(async (tx) => {
        await tx.query("INSERT INTO tx_probe VALUES ($1)", [2]);
        throw new Error("changed my mind");
      }),
    ).rejects.toThrow("changed my mind");
    expect(await t.db.query("SELECT v FROM tx_probe")).toEqual([{ v: 1 }]);
  });
});

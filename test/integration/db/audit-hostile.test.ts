// The audit record of a change must not be lost to the input's bytes: PostgreSQL text and jsonb refuse NUL and
// unpaired surrogates, which keys, prefixes and hostile inputs can carry. On both engines.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryAudit, recordAudit } from "@/server/audit/log";
import { ENGINES, openTestDb, stopPostgres, type TestDb } from "@/test/support/db";

afterAll(stopPostgres);

describe.each(ENGINES)("audit log with hostile text on %s", (engine) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await openTestDb(engine);
  });
  afterAll(() => t?.close());

  it("records NUL bytes and lone surrogates in every field, keys of params included", async () => {
    const nasty = "a\u0000b\ud800c\udfffd🦄";
    await recordAudit(
      {
        actor: { email: `x${nasty}@e.test`, role: "admin" },
        action: "objects.link",
        bucket: nasty,
        target: nasty,
        params: { key: nasty, [nasty]: [nasty, { deep: nasty }] },
        outcome: "error",
        errorCode: nasty,
        errorMessage: nasty,
        reqId: nasty,
        ip: nasty,
      },
      t.db,
    );
    const { records } = await queryAudit({ action: "objects.link" }, { limit: 5, offset: 0 }, t.db);
    expect(records).toHaveLength(1);
    const r = records[0];
    const clean = "a\ufffdb\ufffdc\ufffdd🦄";
    expect(r.target).toBe(clean);
    expect(r.bucket).toBe(clean);
    expect(r.errorMessage).toBe(clean);
    expect((r.params as Record<string, unknown>).key).toBe(clean);
    expect(JSON.stringify(r.params)).not.toMatch(/\\u0000/);
  });

  it("keeps a record whose oversized params are cut in the middle of a surrogate pair", async () => {
    await recordAudit({ actor: { email: "a@e.test" }, action: "batch.big", params: { keys: "xx" + "🦄".repeat(6000) }, outcome: "ok" }, t.db);
    const { records } = await queryAudit({ action: "batch.big" }, { limit: 5, offset: 0 }, t.db);
    expect(records).toHaveLength(1);
    expect(records[0].params).toMatchObject({ truncated: true });
  });
});

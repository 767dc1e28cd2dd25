import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditActions, iterateAudit, queryAudit, recordAudit, type AuditEntry } from "@/server/audit/log";
import { ENGINES, openTestDb, stopPostgres, type TestDb } from "@/test/support/db";

afterAll(stopPostgres);

const entry = (over: Partial<AuditEntry>): AuditEntry => ({
  actor: { id: null, email: "alice@example.test", role: "editor" },
  action: "objects.delete",
  outcome: "ok",
  ...over,
});

describe.each(ENGINES)("audit log on %s", (engine) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await openTestDb(engine);
    // 25 records, alternating actors, actions and buckets.
    for (let i = 0; i < 25; i++) {
      await recordAudit(
        entry({
          actor: { email: i % 2 ? "Bob@Example.test" : "alice@example.test", role: "editor" },
          action: i % 3 === 0 ? "upload.complete" : "objects.delete",
          bucket: i % 5 === 0 ? "photos" : "docs",
          target: `file-${i}.txt`,
          params: { n: i },
        }),
        t.db,
      );
    }
  });
  afterAll(() => t?.close());

  it("stores what was done, by whom, with which parameters, and never a password or token", async () => {
    await recordAudit(
      entry({
        action: "users.create",
        target: "new@example.test",
        params: { role: "viewer", password: "hunter2-hunter2", nested: { uploadToken: "abc", keep: 1 } },
        outcome: "error",
        errorCode: "qiniu.not_found",
        errorMessage: "no such file",
        reqId: "REQ123",
        ip: "10.1.2.3",
      }),
      t.db,
    );
    const { records } = await queryAudit({ action: "users.create" }, { limit: 5, offset: 0 }, t.db);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      actor: { email: "alice@example.test", role: "editor" },
      action: "users.create",
      target: "new@example.test",
      params: { role: "viewer", password: "[redacted]", nested: { uploadToken: "[redacted]", keep: 1 } },
      outcome: "error",
      errorCode: "qiniu.not_found",
      reqId: "REQ123",
      ip: "10.1.2.3",
    });
    expect(records[0].at).toBeInstanceOf(Date);
    expect(JSON.stringify(records)).not.toContain("hunter2");
  });

  it("filters by actor (any case, part of the e-mail), action and bucket, newest first, in pages", async () => {
    const bob = await queryAudit({ actor: "BOB@" }, { limit: 100, offset: 0 }, t.db);
    expect(bob.records).toHaveLength(12);
    expect(bob.records.every((r) => r.actor.email === "Bob@Example.test")).toBe(true);

    const photos = await queryAudit({ bucket: "photos", action: "upload.complete" }, { limit: 100, offset: 0 }, t.db);
    expect(photos.records.map((r) => r.target)).toEqual(["file-15.txt", "file-0.txt"]);

    const page1 = await queryAudit({ bucket: "docs" }, { limit: 8, offset: 0 }, t.db);
    const page3 = await queryAudit({ bucket: "docs" }, { limit: 8, offset: 16 }, t.db);
    expect(page1.hasMore).toBe(true);
    expect(page1.records[0].target).toBe("file-24.txt");
    expect(page3.records.map((r) => r.target)).toEqual(["file-4.txt", "file-3.txt", "file-2.txt", "file-1.txt"]);
    expect(page3.hasMore).toBe(false);
    expect(page1.records.length + (await queryAudit({ bucket: "docs" }, { limit: 8, offset: 8 }, t.db)).records.length + page3.records.length).toBe(20);

    // A LIKE wildcard in the filter is matched literally.
    expect((await queryAudit({ actor: "%" }, { limit: 5, offset: 0 }, t.db)).records).toEqual([]);
  });

  it("filters by time range", async () => {
    const [{ at }] = await t.db.query<{ at: Date }>("SELECT max(at) AS at FROM audit_log");
    const after = await queryAudit({ from: new Date(at.getTime() + 1000) }, { limit: 5, offset: 0 }, t.db);
    expect(after.records).toEqual([]);
    const upTo = await queryAudit({ to: new Date(at.getTime() + 1000), from: new Date(at.getTime() - 3_600_000) }, { limit: 100, offset: 0 }, t.db);
    expect(upTo.records.length).toBe(26);
    expect(await auditActions(t.db)).toEqual(["objects.delete", "upload.complete", "users.create"]);
  });

  it("streams every matching record in batches for export", async () => {
    const targets: string[] = [];
    for await (const r of iterateAudit({ actor: "alice" }, 4, t.db)) targets.push(r.target ?? "");
    expect(targets).toHaveLength(14);
    expect(new Set(targets).size).toBe(14);
    expect(targets[0]).toBe("new@example.test");
  });

  it("refuses to change, delete or truncate records, in the database itself", async () => {
    await expect(t.db.exec("UPDATE audit_log SET outcome = 'ok' WHERE outcome = 'error'")).rejects.toThrow(/append-only/);
    await expect(t.db.exec("DELETE FROM audit_log")).rejects.toThrow(/append-only/);
    await expect(t.db.exec("TRUNCATE audit_log")).rejects.toThrow(/append-only/);
    const [row] = await t.db.query<{ n: number }>("SELECT count(*) AS n FROM audit_log");
    expect(row.n).toBe(26);
  });
});

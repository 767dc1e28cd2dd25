// The restore days the details panel shows come from the console's own audit log (Qiniu's stat has only the state).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordAudit } from "@/server/audit/log";
import { lastRestoreRequest } from "@/server/buckets/restore-request";
import { openTestDb, type TestDb } from "../../support/db";

let testDb: TestDb;
const actor = { email: "ops@example.test", role: "editor" };
const restore = (bucket: string, target: string, days: unknown, outcome: "ok" | "error" = "ok") =>
  recordAudit({ actor, action: "objects.restore", bucket, target, params: { bucket, key: target, days }, outcome }, testDb.db);

beforeAll(async () => {
  testDb = await openTestDb("pglite");
});
afterAll(async () => testDb?.close());

describe("last restore request", () => {
  it("is the newest successful restore of that very key, with its days and the earliest refreeze", async () => {
    await restore("cold", "a.txt", 2);
    await restore("cold", "a.txt", 5);
    await restore("cold", "a.txt", 7, "error");
    await restore("cold", "b.txt", 1);
    await restore("other", "a.txt", 3);
    const got = await lastRestoreRequest(testDb.db, "cold", "a.txt");
    expect(got).toMatchObject({ days: 5, by: "ops@example.test" });
    expect(new Date(got!.frozenAgainFrom).getTime() - new Date(got!.at).getTime()).toBe(5 * 86_400_000);
  });

  it("is null for a key restored elsewhere or never, and for a record without days", async () => {
    expect(await lastRestoreRequest(testDb.db, "cold", "never.txt")).toBeNull();
    await restore("cold", "odd.txt", "x");
    expect(await lastRestoreRequest(testDb.db, "cold", "odd.txt")).toBeNull();
  });
});

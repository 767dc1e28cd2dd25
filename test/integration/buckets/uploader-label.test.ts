// The details panel shows who uploaded an object: the put policy's endUser (a console user id) as name and email.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "@/server/auth/users";
import { uploaderLabel } from "@/server/buckets/uploader-label";
import { openTestDb, type TestDb } from "../../support/db";

let testDb: TestDb;
beforeAll(async () => {
  testDb = await openTestDb("pglite");
});
afterAll(() => testDb?.close());

describe("uploader label", () => {
  it("names a console user by name and email, or email alone; anything else stays unnamed", async () => {
    const named = await createUser(testDb.db, { email: "li.lei@label.test", name: "李雷", role: "editor", passwordHash: null });
    const plain = await createUser(testDb.db, { email: "plain@label.test", role: "viewer", passwordHash: null });
    expect(await uploaderLabel(testDb.db, named.id)).toBe("李雷 (li.lei@label.test)");
    expect(await uploaderLabel(testDb.db, plain.id)).toBe("plain@label.test");
    expect(await uploaderLabel(testDb.db, "00000000-0000-4000-8000-000000000000")).toBeUndefined();
    expect(await uploaderLabel(testDb.db, "some-sdk-client")).toBeUndefined();
  });
});

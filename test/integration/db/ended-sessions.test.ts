import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { endSession, isSessionEnded } from "@/server/auth/ended-sessions";
import { setPassword } from "@/server/auth/user-admin";
import { createUser } from "@/server/auth/users";
import { ENGINES, openTestDb, stopPostgres, type TestDb } from "@/test/support/db";

afterAll(stopPostgres);

describe.each(ENGINES)("sessions ended by signing out, on %s", (engine) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await openTestDb(engine);
  });
  afterAll(() => t?.close());

  const newUser = () => createUser(t.db, { email: `ended-${randomUUID()}@example.test`, role: "editor", passwordHash: null });

  it("ends exactly the session signed out of, once or twice", async () => {
    const user = await newUser();
    const [signedOut, other] = [randomUUID(), randomUUID()];
    expect(await isSessionEnded(t.db, signedOut)).toBe(false);
    await endSession(t.db, { sid: signedOut, userId: user.id, sessionVersion: user.sessionVersion });
    await endSession(t.db, { sid: signedOut, userId: user.id, sessionVersion: user.sessionVersion });
    expect(await isSessionEnded(t.db, signedOut)).toBe(true);
    expect(await isSessionEnded(t.db, other)).toBe(false);
  });

  it("counts a malformed session id as ended, and records nothing for it or for an unknown user", async () => {
    const user = await newUser();
    expect(await isSessionEnded(t.db, "not-a-uuid")).toBe(true);
    expect(await isSessionEnded(t.db, "")).toBe(true);
    await endSession(t.db, { sid: "x'; DROP TABLE users; --", userId: user.id, sessionVersion: 1 });
    const ghost = randomUUID();
    await endSession(t.db, { sid: ghost, userId: randomUUID(), sessionVersion: 1 });
    expect(await isSessionEnded(t.db, ghost)).toBe(false);
  });

  it("forgets ended sessions once the user's session version has moved on (they are refused by that already)", async () => {
    const user = await newUser();
    const old = randomUUID();
    await endSession(t.db, { sid: old, userId: user.id, sessionVersion: user.sessionVersion });
    const bumped = await setPassword(t.db, user.id, "$argon2id$placeholder");
    expect(bumped.sessionVersion).toBe(user.sessionVersion + 1);
    const current = randomUUID();
    await endSession(t.db, { sid: current, userId: user.id, sessionVersion: bumped.sessionVersion });
    expect(await isSessionEnded(t.db, current)).toBe(true);
    const rows = await t.db.query<{ sid: string }>("SELECT sid FROM ended_sessions WHERE user_id = $1", [user.id]);
    expect(rows.map((r) => r.sid)).toEqual([current]);
  });
});

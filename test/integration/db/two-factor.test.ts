import { randomUUID } from "node:crypto";
import { generate } from "otplib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "@/server/auth/passwords";
import { attemptLogin, type LoginLimits } from "@/server/auth/login";
import { endAllSessions, findSession, listSessions, openSession, revokeSession, sessionExpiry } from "@/server/auth/sessions";
import { checkSecondFactor, confirmEnrolment, removeTwoFactor, startEnrolment, twoFactorStatus, setTwoFactorSecret } from "@/server/auth/two-factor";
import { createUser, findUserById } from "@/server/auth/users";
import { openTestDb, stopPostgres, type TestDb } from "@/test/support/db";

afterAll(stopPostgres);

const LIMITS: LoginLimits = { perAccount: 5, perIp: 50, windowMinutes: 60, lockMinutes: 15, baseDelaySeconds: 30 };

describe("two-factor sign-in and sessions (pglite)", () => {
  let t: TestDb;
  let hash: string;
  beforeAll(async () => {
    setTwoFactorSecret("integration-test-secret-0123456789abcdef");
    t = await openTestDb("pglite");
    hash = await hashPassword("correct horse battery");
  });
  afterAll(() => t?.close());
  const newUser = () => createUser(t.db, { email: `tf-${randomUUID()}@example.test`, role: "editor", passwordHash: hash });

  it("enrols with a code from the shown secret, never stores it in clear, and hands out recovery codes once", async () => {
    const user = await newUser();
    const enrolment = await startEnrolment(t.db, user);
    expect(enrolment.uri).toMatch(/^otpauth:\/\/totp\//);
    expect(enrolment.uri).toContain(`secret=${enrolment.secret}`);
    expect(await confirmEnrolment(t.db, user.id, "000000")).toBeNull();
    const now = new Date();
    const codes = await confirmEnrolment(t.db, user.id, await generate({ secret: enrolment.secret, epoch: Math.floor(now.getTime() / 1000) }), now);
    expect(codes).toHaveLength(10);
    const [row] = await t.db.query<{ totp_secret: string }>("SELECT totp_secret FROM users WHERE id = $1", [user.id]);
    expect(row.totp_secret).not.toContain(enrolment.secret);
    expect(await twoFactorStatus(t.db, user.id)).toMatchObject({ enabled: true, recoveryCodesLeft: 10 });
  });

  it("asks for the code after the password, refuses a replayed code, and spends each recovery code once", async () => {
    const user = await newUser();
    const enrolment = await startEnrolment(t.db, user);
    const t0 = new Date("2031-03-01T10:00:00Z");
    const at = (s: number) => new Date(t0.getTime() + s * 1000);
    const codeAt = (d: Date) => generate({ secret: enrolment.secret, epoch: Math.floor(d.getTime() / 1000) });
    const recovery = (await confirmEnrolment(t.db, user.id, await codeAt(t0), t0))!;
    const login = (otp: string | undefined, when: Date) =>
      attemptLogin(t.db, { email: user.email, password: "correct horse battery", otp }, LIMITS, () => when);

    expect(await login(undefined, at(60))).toMatchObject({ ok: false, reason: "totp_required" });
    const code = await codeAt(at(60));
    expect((await login(code, at(60))).ok).toBe(true);
    // The same code again, within its window: refused.
    expect(await login(code, at(65))).toMatchObject({ ok: false, reason: "totp_invalid" });
    expect((await login(await codeAt(at(120)), at(120))).ok).toBe(true);

    expect(await login(recovery[0].toUpperCase(), at(200))).toMatchObject({ ok: true, usedRecoveryCode: true });
    expect(await login(recovery[0], at(210))).toMatchObject({ ok: false, reason: "totp_invalid" });
    expect(await checkSecondFactor(t.db, user.id, "not-a-code", at(220))).toBe("invalid");
    expect((await twoFactorStatus(t.db, user.id)).recoveryCodesLeft).toBe(9);

    expect(await removeTwoFactor(t.db, user.id)).toBe(true);
    expect((await login(undefined, at(300))).ok).toBe(true);
  });

  it("lists, expires and revokes sessions", async () => {
    const user = await newUser();
    const [a, b] = [randomUUID(), randomUUID()];
    const day = 24 * 3_600_000;
    await openSession(t.db, { sid: a, userId: user.id, ip: "10.1.1.1", userAgent: "Test/1", provider: "credentials" }, day);
    await openSession(t.db, { sid: b, userId: user.id, provider: "oidc" }, day);
    expect((await listSessions(t.db, user.id)).map((s) => s.sid).sort()).toEqual([a, b].sort());
    const s = (await findSession(t.db, a))!;
    const limits = { idleMs: 30 * 60_000, absoluteMs: 12 * 3_600_000 };
    expect(sessionExpiry(s, limits)).toEqual({ endsAt: new Date(s.lastSeenAt.getTime() + 30 * 60_000), reason: "idle" });
    expect(sessionExpiry({ createdAt: s.createdAt, lastSeenAt: new Date(s.createdAt.getTime() + 11.9 * 3_600_000) }, limits).reason).toBe("lifetime");
    const me = (await findUserById(t.db, user.id))!;
    expect(await revokeSession(t.db, me, a)).toBe(true);
    expect(await findSession(t.db, a)).toBeNull();
    expect(await endAllSessions(t.db, user.id)).toBe(1);
    expect(await listSessions(t.db, user.id)).toEqual([]);
    expect((await findUserById(t.db, user.id))!.sessionVersion).toBe(me.sessionVersion + 1);
  });
});

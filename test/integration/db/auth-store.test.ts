import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "@/server/auth/passwords";
import { attemptLogin, type LoginLimits } from "@/server/auth/login";
import { accountThrottles, clearAccountThrottle, clearThrottle, recordFailure, throttleLock } from "@/server/auth/login-throttle";
import { changeAccess, setDisabled, setPassword, UserAdminError } from "@/server/auth/user-admin";
import { createUser, EmailTakenError, findLoginByEmail, findUserById, listUsers } from "@/server/auth/users";
import { ensureFirstAdmin } from "@/server/auth/bootstrap";
import { queryAudit } from "@/server/audit/log";
import { ENGINES, openTestDb, stopPostgres, type TestDb } from "@/test/support/db";

afterAll(stopPostgres);

const LIMITS: LoginLimits = { perAccount: 3, perIp: 5, perAccountElsewhere: 6, baseDelaySeconds: 30, windowMinutes: 60, lockMinutes: 15 };
let seq = 0;
const uniqueEmail = (name: string) => `${name}-${++seq}-${Date.now()}@example.test`;

describe.each(ENGINES)("users, logins and throttling on %s", (engine) => {
  let t: TestDb;
  let hash: string;
  beforeAll(async () => {
    t = await openTestDb(engine);
    hash = await hashPassword("correct horse battery");
  });
  afterAll(() => t?.close());
  // Tests about an empty or admin-less console start from no users (the tests of this file run one after another).
  const noUsers = async () => {
    await t.db.exec("DELETE FROM users");
    return t;
  };

  it("creates the first admin once, even when several instances start together", async () => {
    const fresh = await noUsers();
    {
      const results = await Promise.all([ensureFirstAdmin(fresh.db), ensureFirstAdmin(fresh.db), ensureFirstAdmin(fresh.db)]);
      const created = results.filter((r) => r.created);
      expect(created).toHaveLength(1);
      const first = created[0] as { email: string; generatedPassword?: string };
      expect(first.email).toBe("admin@localhost");
      expect(first.generatedPassword).toMatch(/^[A-Za-z2-9]{20}$/);
      const users = await listUsers(fresh.db);
      expect(users.map((u) => [u.email, u.role])).toEqual([["admin@localhost", "admin"]]);
      // The generated password really logs in.
      const login = await attemptLogin(fresh.db, { email: "admin@localhost", password: first.generatedPassword! }, LIMITS);
      expect(login.ok).toBe(true);
      expect(await ensureFirstAdmin(fresh.db, { email: "other@example.test", password: "whatever-long" })).toEqual({ created: false });
    }
  });

  it("uses CONSOLE_ADMIN_EMAIL/PASSWORD for the first admin when given, without echoing the password", async () => {
    const fresh = await noUsers();
    {
      const result = await ensureFirstAdmin(fresh.db, { email: "Boss@Example.test", password: "configured-password-1" });
      expect(result).toEqual({ created: true, email: "boss@example.test", generatedPassword: undefined });
      expect((await attemptLogin(fresh.db, { email: "boss@example.test", password: "configured-password-1" }, LIMITS)).ok).toBe(true);
    }
  });

  it("treats e-mail addresses case-insensitively and refuses duplicates", async () => {
    const email = uniqueEmail("Case");
    const user = await createUser(t.db, { email: email.toUpperCase(), role: "viewer", passwordHash: hash });
    expect(user.email).toBe(email.toLowerCase());
    expect((await findLoginByEmail(t.db, email.toUpperCase()))?.user.id).toBe(user.id);
    await expect(createUser(t.db, { email, role: "editor", passwordHash: hash })).rejects.toBeInstanceOf(EmailTakenError);
  });

  it("stores scopes and ends sessions on password reset", async () => {
    const user = await createUser(t.db, { email: uniqueEmail("scoped"), role: "editor", scopes: [{ bucket: "media", prefix: "img/" }], passwordHash: hash });
    expect(user.scopes).toEqual([{ bucket: "media", prefix: "img/" }]);
    const after = await setPassword(t.db, user.id, await hashPassword("another password 2"));
    expect(after.sessionVersion).toBe(user.sessionVersion + 1);
    expect((await attemptLogin(t.db, { email: user.email, password: "another password 2" }, LIMITS)).ok).toBe(true);
  });

  it("keeps one enabled admin and refuses changes to oneself", async () => {
    const fresh = await noUsers();
    {
      const a = await createUser(fresh.db, { email: uniqueEmail("a"), role: "admin", passwordHash: hash });
      const b = await createUser(fresh.db, { email: uniqueEmail("b"), role: "admin", passwordHash: hash });
      await expect(changeAccess(fresh.db, a.id, a.id, { role: "viewer", scopes: [] })).rejects.toMatchObject({ code: "not_self" });
      await expect(setDisabled(fresh.db, a.id, a.id, true)).rejects.toMatchObject({ code: "not_self" });
      const demoted = await changeAccess(fresh.db, a.id, b.id, { role: "ops", scopes: [{ bucket: "x1", prefix: "" }] });
      expect(demoted.role).toBe("ops");
      // b cannot now demote or disable a, the last enabled admin (b acts on a: b is no longer admin, but the rule holds).
      await expect(changeAccess(fresh.db, b.id, a.id, { role: "viewer", scopes: [] })).rejects.toBeInstanceOf(UserAdminError);
      await expect(setDisabled(fresh.db, b.id, a.id, true)).rejects.toMatchObject({ code: "last_admin" });
      const disabled = await setDisabled(fresh.db, a.id, b.id, true);
      expect(disabled.disabled).toBe(true);
      expect(disabled.sessionVersion).toBe(demoted.sessionVersion + 1);
      await expect(setDisabled(fresh.db, a.id, "00000000-0000-4000-8000-000000000000", true)).rejects.toMatchObject({ code: "not_found" });
    }
  });

  it("gives unknown e-mail and wrong password the same answer and records both", async () => {
    const user = await createUser(t.db, { email: uniqueEmail("known"), role: "viewer", passwordHash: hash });
    const unknown = uniqueEmail("nobody");
    const wrong = await attemptLogin(t.db, { email: user.email, password: "wrong password!", ip: "10.0.0.1" }, LIMITS);
    const missing = await attemptLogin(t.db, { email: unknown, password: "wrong password!", ip: "10.0.0.2" }, LIMITS);
    expect(wrong).toEqual({ ok: false, reason: "invalid", retryAfterMs: undefined });
    expect(missing).toEqual(wrong);
    const own = await queryAudit({ action: "auth.login", actor: unknown }, { limit: 10, offset: 0 }, t.db);
    expect(own.records.map((r) => [r.actor.email, r.outcome, r.errorCode, r.ip])).toEqual([[unknown, "error", "invalid", "10.0.0.2"]]);
  });

  it("delays an account after too many failures, for known and unknown e-mails alike, and lets it in after the delay", async () => {
    let now = new Date("2030-01-01T00:00:00Z");
    const clock = () => now;
    const user = await createUser(t.db, { email: uniqueEmail("locked"), role: "viewer", passwordHash: hash });
    for (const email of [user.email, uniqueEmail("ghost")]) {
      const results = [];
      for (let i = 0; i < LIMITS.perAccount; i++) results.push(await attemptLogin(t.db, { email, password: `guess-${i}` }, LIMITS, clock));
      expect(results.map((r) => (r.ok ? "ok" : r.reason))).toEqual(["invalid", "invalid", "rate_limited"]);
      // Delayed: even the right password is refused, without revealing it was right.
      const locked = await attemptLogin(t.db, { email, password: "correct horse battery" }, LIMITS, clock);
      expect(locked).toMatchObject({ ok: false, reason: "rate_limited", retryAfterMs: 30_000 });
    }
    const throttles = await accountThrottles(t.db, now);
    expect(throttles.get(user.email)).toMatchObject({ failures: 3, lockedUntil: new Date(now.getTime() + 30_000) });
    const lockAudit = await queryAudit({ action: "auth.throttle", actor: user.email }, { limit: 10, offset: 0 }, t.db);
    expect(lockAudit.records.map((r) => r.params.scope)).toEqual(["account-source"]);
    now = new Date(now.getTime() + 30_000 + 1);
    // One more failure doubles the delay.
    expect(await attemptLogin(t.db, { email: user.email, password: "guess-again" }, LIMITS, clock)).toMatchObject({
      reason: "rate_limited",
      retryAfterMs: 60_000,
    });
    now = new Date(now.getTime() + 60_000 + 1);
    expect((await attemptLogin(t.db, { email: user.email, password: "correct horse battery" }, LIMITS, clock)).ok).toBe(true);
  });

  it("does not let an outsider lock the owner out: the owner's own address keeps its budget", async () => {
    const now = () => new Date("2030-06-01T00:00:00Z");
    const user = await createUser(t.db, { email: uniqueEmail("owner"), role: "viewer", passwordHash: hash });
    const home = `203.0.113.${engine === "pglite" ? 1 : 2}`;
    expect((await attemptLogin(t.db, { email: user.email, password: "correct horse battery", ip: home }, LIMITS, now)).ok).toBe(true);
    // An attacker from many addresses: each gets a couple of tries, the account-wide budget then delays them all…
    const outcomes = [];
    for (let i = 0; i < 8; i++)
      outcomes.push((await attemptLogin(t.db, { email: user.email, password: `guess-${i}`, ip: `198.18.${i}.1` }, LIMITS, now)) as { reason?: string });
    expect(outcomes.at(-1)).toMatchObject({ reason: "rate_limited" });
    expect(await attemptLogin(t.db, { email: user.email, password: "correct horse battery", ip: "198.18.99.1" }, LIMITS, now)).toMatchObject({
      reason: "rate_limited",
    });
    // …while the owner, from where they signed in before, still gets in.
    expect((await attemptLogin(t.db, { email: user.email, password: "correct horse battery", ip: home }, LIMITS, now)).ok).toBe(true);
    // An admin's unlock (or a password reset) clears every counter of the account.
    expect(await clearAccountThrottle(t.db, user.email)).toBeGreaterThan(0);
    expect((await attemptLogin(t.db, { email: user.email, password: "correct horse battery", ip: "198.18.99.1" }, LIMITS, now)).ok).toBe(true);
  });

  it("locks a client address that fails across many accounts", async () => {
    const now = () => new Date("2031-01-01T00:00:00Z");
    const ip = `192.0.2.${engine === "pglite" ? 10 : 20}`;
    const outcomes = [];
    for (let i = 0; i < LIMITS.perIp; i++) outcomes.push(await attemptLogin(t.db, { email: uniqueEmail("spray"), password: "x", ip }, LIMITS, now));
    expect(outcomes.at(-1)).toMatchObject({ ok: false, reason: "rate_limited" });
    const user = await createUser(t.db, { email: uniqueEmail("victim"), role: "viewer", passwordHash: hash });
    expect(await attemptLogin(t.db, { email: user.email, password: "correct horse battery", ip }, LIMITS, now)).toMatchObject({ reason: "rate_limited" });
    expect((await attemptLogin(t.db, { email: user.email, password: "correct horse battery", ip: "198.51.100.1" }, LIMITS, now)).ok).toBe(true);
  });

  it("counts concurrent failures without losing any", async () => {
    const key = `account:${uniqueEmail("burst")}`;
    const now = new Date("2032-01-01T00:00:00Z");
    const policy = { maxFailures: 100, baseDelayMs: 60_000, maxDelayMs: 60_000, forgetMs: 60_000 };
    const clients = engine === "postgres" ? [t.db, await t.connectAgain(), await t.connectAgain()] : [t.db];
    try {
      await Promise.all(Array.from({ length: 12 }, (_, i) => recordFailure(clients[i % clients.length], key, policy, now)));
      const [row] = await t.db.query<{ failures: number }>("SELECT failures FROM login_throttle WHERE key = $1", [key]);
      expect(row.failures).toBe(12);
      expect(await throttleLock(t.db, [key], now)).toBe(0);
      await clearThrottle(t.db, key);
      expect(await t.db.query("SELECT 1 FROM login_throttle WHERE key = $1", [key])).toEqual([]);
    } finally {
      for (const c of clients.slice(1)) await c.close();
    }
  });

  it("says 'disabled' only to someone who knows the password", async () => {
    const admin = await createUser(t.db, { email: uniqueEmail("boss"), role: "admin", passwordHash: hash });
    const user = await createUser(t.db, { email: uniqueEmail("gone"), role: "viewer", passwordHash: hash });
    await setDisabled(t.db, admin.id, user.id, true);
    expect(await attemptLogin(t.db, { email: user.email, password: "nope nope nope" }, LIMITS)).toMatchObject({ reason: "invalid" });
    expect(await attemptLogin(t.db, { email: user.email, password: "correct horse battery" }, LIMITS)).toMatchObject({ reason: "disabled" });
    expect((await findUserById(t.db, user.id))?.disabled).toBe(true);
  });
});

import "server-only";
import { recordAudit } from "@/server/audit/log";
import type { Db } from "@/server/db";
import { verifyPassword } from "./passwords";
import { clearThrottle, recordFailure, throttleLock, type ThrottlePolicy } from "./login-throttle";
import { findLoginByEmail, normalizeEmail, recordLogin, type UserRecord } from "./users";

export interface LoginLimits {
  perAccount: number;
  perIp: number;
  windowMinutes: number;
  lockMinutes: number;
}

export type LoginResult =
  | { ok: true; user: UserRecord }
  /** `invalid` covers unknown e-mail and wrong password alike, so the answer never says which accounts exist. */
  | { ok: false; reason: "invalid" | "disabled" | "rate_limited"; retryAfterMs?: number };

export function loginPolicies(limits: LoginLimits): { account: ThrottlePolicy; ip: ThrottlePolicy } {
  const windowMs = limits.windowMinutes * 60_000;
  const lockMs = limits.lockMinutes * 60_000;
  return { account: { maxFailures: limits.perAccount, windowMs, lockMs }, ip: { maxFailures: limits.perIp, windowMs, lockMs } };
}

/**
 * Checks an e-mail + password login: throttled per account and per client address (locks in the database, so every
 * console instance agrees), one argon2 verification whether or not the account exists, and an audit record either way.
 */
export async function attemptLogin(
  db: Db,
  input: { email: string; password: string; ip?: string | null },
  limits: LoginLimits,
  now: () => Date = () => new Date(),
): Promise<LoginResult> {
  const email = normalizeEmail(input.email);
  const accountKey = `account:${email}`;
  const keys = input.ip ? [accountKey, `ip:${input.ip}`] : [accountKey];
  const policy = loginPolicies(limits);
  const fail = async (reason: "invalid" | "disabled" | "rate_limited", user: UserRecord | null, retryAfterMs?: number): Promise<LoginResult> => {
    await recordAudit(
      {
        actor: { id: user?.id ?? null, email, role: user?.role ?? null },
        action: "auth.login",
        outcome: reason === "rate_limited" ? "denied" : "error",
        errorCode: reason,
        ip: input.ip ?? null,
      },
      db,
    );
    return { ok: false, reason, retryAfterMs };
  };

  const locked = await throttleLock(db, keys, now());
  if (locked > 0) return fail("rate_limited", null, locked);

  const found = await findLoginByEmail(db, email);
  const passwordOk = await verifyPassword(found?.passwordHash, input.password);
  if (!passwordOk || !found || found.user.disabled) {
    const states = await Promise.all([
      recordFailure(db, accountKey, policy.account, now()),
      ...(input.ip ? [recordFailure(db, `ip:${input.ip}`, policy.ip, now())] : []),
    ]);
    const lockedNow = Math.max(0, ...states.map((s) => (s.lockedUntil ? s.lockedUntil.getTime() - now().getTime() : 0)));
    if (lockedNow > 0) return fail("rate_limited", found?.user ?? null, lockedNow);
    // Saying "disabled" only to someone who knows the password reveals nothing to a guesser.
    return fail(passwordOk && found?.user.disabled ? "disabled" : "invalid", found?.user ?? null);
  }

  await clearThrottle(db, accountKey);
  await recordLogin(db, found.user.id);
  await recordAudit({ actor: { id: found.user.id, email, role: found.user.role }, action: "auth.login", outcome: "ok", ip: input.ip ?? null }, db);
  return { ok: true, user: found.user };
}

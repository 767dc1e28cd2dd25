import "server-only";
import { recordAudit } from "@/server/audit/log";
import type { Db } from "@/server/db";
import { verifyPassword } from "./passwords";
import {
  accountKey,
  accountSourceKey,
  clearThrottle,
  isKnownSource,
  recordFailure,
  rememberSource,
  sourceKey,
  throttleLock,
  type ThrottlePolicy,
  type ThrottleState,
} from "./login-throttle";
import { checkSecondFactor } from "./two-factor";
import { findLoginByEmail, normalizeEmail, recordLogin, type UserRecord } from "./users";

export interface LoginLimits {
  /** Failures for one account from one source before delays start (CONSOLE_LOGIN_MAX_FAILURES). */
  perAccount: number;
  /** Failures from one source across accounts before delays start (CONSOLE_LOGIN_MAX_FAILURES_PER_IP). */
  perIp: number;
  /** Failures for one account from all sources it never signed in from (CONSOLE_LOGIN_MAX_FAILURES_ACCOUNT). */
  perAccountElsewhere?: number;
  /** The first delay (CONSOLE_LOGIN_DELAY_SECONDS); it doubles with each further failure. */
  baseDelaySeconds?: number;
  /** The longest delay (CONSOLE_LOGIN_LOCK_MINUTES). */
  lockMinutes: number;
  /** Failures are forgotten this long after the last one (CONSOLE_LOGIN_FORGET_MINUTES). */
  windowMinutes: number;
}

export type LoginFailure = "invalid" | "disabled" | "rate_limited" | "totp_required" | "totp_invalid";

export type LoginResult =
  | { ok: true; user: UserRecord; usedRecoveryCode?: boolean }
  /** `invalid` covers unknown e-mail and wrong password alike, so the answer never says which accounts exist. */
  | { ok: false; reason: LoginFailure; retryAfterMs?: number };

export type ThrottleKind = "account-source" | "source" | "account";

export function loginPolicies(limits: LoginLimits): Record<ThrottleKind, ThrottlePolicy> {
  const common = {
    baseDelayMs: (limits.baseDelaySeconds ?? limits.lockMinutes * 60) * 1000,
    maxDelayMs: limits.lockMinutes * 60_000,
    forgetMs: limits.windowMinutes * 60_000,
  };
  return {
    "account-source": { ...common, maxFailures: limits.perAccount },
    source: { ...common, maxFailures: limits.perIp },
    account: { ...common, maxFailures: limits.perAccountElsewhere ?? limits.perAccount * 4 },
  };
}

/** The throttle keys that apply to this attempt, with their kinds. */
async function keysFor(db: Db, email: string, ip: string | null | undefined): Promise<[ThrottleKind, string][]> {
  const keys: [ThrottleKind, string][] = [["account-source", accountSourceKey(email, ip)]];
  if (ip) keys.push(["source", sourceKey(ip)]);
  // The account-wide budget guards against guessing from many addresses; a source the owner signed in from is exempt.
  if (!(await isKnownSource(db, email, ip))) keys.push(["account", accountKey(email)]);
  return keys;
}

/**
 * Checks an e-mail + password (+ second factor) login: throttled per account and source with growing delays (in the
 * database, so every console instance agrees), one argon2 verification whether or not the account exists, and an
 * audit record either way.
 */
export async function attemptLogin(
  db: Db,
  input: { email: string; password: string; otp?: string; ip?: string | null },
  limits: LoginLimits,
  now: () => Date = () => new Date(),
): Promise<LoginResult> {
  const email = normalizeEmail(input.email);
  const ip = input.ip ?? null;
  const keys = await keysFor(db, email, ip);
  const policy = loginPolicies(limits);
  const audit = (action: string, user: UserRecord | null, outcome: "ok" | "error" | "denied", errorCode: string | null, params?: Record<string, unknown>) =>
    recordAudit({ actor: { id: user?.id ?? null, email, role: user?.role ?? null }, action, outcome, errorCode, ip, params }, db);
  const fail = async (reason: LoginFailure, user: UserRecord | null, retryAfterMs?: number): Promise<LoginResult> => {
    await audit("auth.login", user, reason === "rate_limited" ? "denied" : "error", reason);
    return { ok: false, reason, retryAfterMs };
  };
  const countFailure = async (user: UserRecord | null): Promise<number> => {
    const states: [ThrottleKind, ThrottleState][] = await Promise.all(
      keys.map(async ([kind, key]) => [kind, await recordFailure(db, key, policy[kind], now())] as [ThrottleKind, ThrottleState]),
    );
    let longest = 0;
    for (const [kind, state] of states) {
      if (!state.lockedUntil) continue;
      const ms = state.lockedUntil.getTime() - now().getTime();
      longest = Math.max(longest, ms);
      await audit("auth.throttle", user, "denied", null, { scope: kind, failures: state.failures, seconds: Math.round(ms / 1000) });
    }
    return longest;
  };

  const locked = await throttleLock(
    db,
    keys.map(([, key]) => key),
    now(),
  );
  if (locked > 0) return fail("rate_limited", null, locked);

  const found = await findLoginByEmail(db, email);
  const passwordOk = await verifyPassword(found?.passwordHash, input.password);
  if (!passwordOk || !found || found.user.disabled) {
    const lockedNow = await countFailure(found?.user ?? null);
    if (lockedNow > 0) return fail("rate_limited", found?.user ?? null, lockedNow);
    // Saying "disabled" only to someone who knows the password reveals nothing to a guesser.
    return fail(passwordOk && found?.user.disabled ? "disabled" : "invalid", found?.user ?? null);
  }

  const second = await checkSecondFactor(db, found.user.id, input.otp, now());
  if (second === "required") return { ok: false, reason: "totp_required" };
  if (second === "invalid") {
    const lockedNow = await countFailure(found.user);
    if (lockedNow > 0) return fail("rate_limited", found.user, lockedNow);
    return fail("totp_invalid", found.user);
  }

  for (const [kind, key] of keys) if (kind === "account-source") await clearThrottle(db, key);
  await rememberSource(db, email, ip);
  await recordLogin(db, found.user.id);
  await audit(
    "auth.login",
    found.user,
    "ok",
    null,
    second === "recovery" ? { secondFactor: "recovery_code" } : second === "totp" ? { secondFactor: "totp" } : undefined,
  );
  return { ok: true, user: found.user, usedRecoveryCode: second === "recovery" };
}

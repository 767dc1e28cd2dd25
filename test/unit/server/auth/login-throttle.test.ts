import { describe, expect, it } from "vitest";
import { accountSourceKey, afterFailure, delayAfter, lockRemaining, type ThrottlePolicy, type ThrottleState } from "@/server/auth/login-throttle";
import { loginPolicies } from "@/server/auth/login";
import { clientIp } from "@/server/auth/client-ip";

const policy: ThrottlePolicy = { maxFailures: 3, baseDelayMs: 30_000, maxDelayMs: 15 * 60_000, forgetMs: 3_600_000 };
const at = (s: number) => new Date(Date.UTC(2030, 0, 1) + s * 1000);

function run(times: number[]): ThrottleState | null {
  let state: ThrottleState | null = null;
  for (const t of times) state = afterFailure(state, at(t), policy);
  return state;
}

describe("failed-login throttle policy", () => {
  it("lets the first failures through, then delays from the limit on", () => {
    expect(lockRemaining(run([0, 10]), at(11))).toBe(0);
    const state = run([0, 10, 20]);
    expect(state).toEqual({ failures: 3, lastFailure: at(20), lockedUntil: at(50) });
    expect(lockRemaining(state, at(20))).toBe(30_000);
    expect(lockRemaining(state, at(49))).toBe(1000);
    expect(lockRemaining(state, at(50))).toBe(0);
  });

  it("doubles the delay with each further failure, up to the cap", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => delayAfter(n, policy) / 1000)).toEqual([0, 0, 30, 60, 120, 240, 480, 900, 900]);
    expect(delayAfter(1000, policy)).toBe(15 * 60_000);
  });

  it("keeps growing when failures continue after each delay (a patient guesser gets few tries)", () => {
    // A guesser waiting out each delay: failures at 0, 1, 2 (→30 s), 32 (→60 s), 93 (→120 s), 214 (→240 s).
    const state = run([0, 1, 2, 32, 93, 214]);
    expect(state?.failures).toBe(6);
    expect(lockRemaining(state, at(214))).toBe(240_000);
  });

  it("forgets failures a while after the last one", () => {
    expect(run([0, 10, 3610])).toEqual({ failures: 1, lastFailure: at(3610), lockedUntil: null });
    expect(run([0, 10, 3609])?.failures).toBe(3);
  });

  it("treats the placeholder row (0 failures) as a fresh start", () => {
    expect(afterFailure({ failures: 0, lastFailure: at(-1000), lockedUntil: null }, at(0), policy)).toEqual({
      failures: 1,
      lastFailure: at(0),
      lockedUntil: null,
    });
  });
});

describe("login throttle keys and budgets", () => {
  const limits = { perAccount: 5, perIp: 50, perAccountElsewhere: 20, baseDelaySeconds: 30, lockMinutes: 15, windowMinutes: 60 };

  it("gives the account from one source, the source and the account elsewhere their own budgets", () => {
    const p = loginPolicies(limits);
    expect(p["account-source"].maxFailures).toBe(5);
    expect(p.source.maxFailures).toBe(50);
    expect(p.account.maxFailures).toBe(20);
    expect(p.account.maxDelayMs).toBe(15 * 60_000);
  });

  it("names one key per account and source, so another source's failures do not count against the owner's", () => {
    expect(accountSourceKey("a@x.test", "10.0.0.1")).not.toBe(accountSourceKey("a@x.test", "10.0.0.2"));
    expect(accountSourceKey("a@x.test", null)).toBe("account-source:a@x.test|-");
  });
});

describe("client address", () => {
  it("is the TCP peer when no proxy is trusted, whatever X-Forwarded-For claims, and unwraps IPv4-mapped IPv6", () => {
    expect(clientIp(new Headers({ "x-console-peer-address": "::ffff:127.0.0.1", "x-forwarded-for": "6.6.6.6, 10.0.0.9" }))).toBe("127.0.0.1");
    expect(clientIp({ "x-console-peer-address": "::1" })).toBe("::1");
    expect(clientIp(new Headers({ "x-forwarded-for": "10.0.0.9" }))).toBeNull();
    expect(clientIp(new Headers())).toBeNull();
  });
});

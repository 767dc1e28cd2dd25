import { describe, expect, it } from "vitest";
import { afterFailure, lockRemaining, type ThrottlePolicy, type ThrottleState } from "@/server/auth/login-throttle";
import { clientIp } from "@/server/auth/client-ip";

const policy: ThrottlePolicy = { maxFailures: 3, windowMs: 60_000, lockMs: 120_000 };
const at = (s: number) => new Date(Date.UTC(2030, 0, 1) + s * 1000);

function run(times: number[]): ThrottleState | null {
  let state: ThrottleState | null = null;
  for (const t of times) state = afterFailure(state, at(t), policy);
  return state;
}

describe("failed-login throttle policy", () => {
  it("locks at the limit within the window, for the lock time", () => {
    const state = run([0, 10, 20]);
    expect(state).toEqual({ failures: 3, windowStart: at(0), lockedUntil: at(140) });
    expect(lockRemaining(state, at(20))).toBe(120_000);
    expect(lockRemaining(state, at(139))).toBe(1000);
    expect(lockRemaining(state, at(140))).toBe(0);
  });

  it("does not lock below the limit", () => {
    expect(lockRemaining(run([0, 10]), at(11))).toBe(0);
  });

  it("starts counting again when the window has passed", () => {
    expect(run([0, 10, 61])).toEqual({ failures: 1, windowStart: at(61), lockedUntil: null });
  });

  it("starts counting again after a lock is over", () => {
    expect(run([0, 1, 2, 200])).toEqual({ failures: 1, windowStart: at(200), lockedUntil: null });
  });

  it("treats the placeholder row (0 failures) as a fresh start", () => {
    expect(afterFailure({ failures: 0, windowStart: at(-1000), lockedUntil: null }, at(0), policy)).toEqual({ failures: 1, windowStart: at(0), lockedUntil: null });
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

import { describe, expect, it } from "vitest";
import { pollBackoff } from "@/lib/actions/poll-backoff";

// Polling backs off from 1 s to 30 s while the answer stays the same, and starts again at 1 s when it changes.
describe("pollBackoff", () => {
  const q = <T>(data: T, at: number, errorAt = 0) => ({ state: { data, dataUpdatedAt: at, errorUpdatedAt: errorAt } });

  it("doubles while nothing changes, caps at 30 s, resets on a change", () => {
    const next = pollBackoff<{ n: number }>();
    const same = { n: 1 };
    const delays = [next(q(same, 1))];
    for (let at = 2; at <= 9; at++) delays.push(next(q(same, at)));
    expect(delays).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000, 30000]);
    expect(next(q({ n: 2 }, 10))).toBe(1000);
    expect(next(q({ n: 2 }, 10))).toBe(1000); // asked again without a new fetch: unchanged
  });

  it("counts a failed poll as no change, and stops (and starts over) when `while` says so", () => {
    const next = pollBackoff<{ running: boolean }>({ minMs: 500, maxMs: 2000, while: (d) => Boolean(d?.running) });
    const running = { running: true };
    expect(next(q(running, 1))).toBe(500);
    expect(next(q(running, 1, 2))).toBe(1000);
    expect(next(q(running, 1, 3))).toBe(2000);
    expect(next(q({ running: false }, 4))).toBe(false);
    expect(next(q(running, 5))).toBe(500);
  });
});

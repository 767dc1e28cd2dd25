import { describe, expect, it } from "vitest";
import { evaluateAlert, fiveXxRate, type AlertState } from "@/server/cdn/alerts/evaluate";

describe("evaluateAlert", () => {
  it("fires once when the value goes over the threshold, then stays quiet while it stays over", () => {
    expect(evaluateAlert("ok", 11, 10)).toEqual({ next: "firing", event: "fired" });
    expect(evaluateAlert("firing", 50, 10)).toEqual({ next: "firing", event: null });
  });

  it("records resolved when the value goes back to or under the threshold, once", () => {
    expect(evaluateAlert("firing", 10, 10)).toEqual({ next: "ok", event: "resolved" });
    expect(evaluateAlert("ok", 3, 10)).toEqual({ next: "ok", event: null });
  });

  it("over a sequence of measurements notifies only on each change", () => {
    let state: AlertState = "ok";
    const events: string[] = [];
    for (const v of [1, 20, 30, 25, 5, 4, 40, 40, 0]) {
      const d = evaluateAlert(state, v, 10);
      state = d.next;
      if (d.event) events.push(d.event);
    }
    expect(events).toEqual(["fired", "resolved", "fired", "resolved"]);
  });
});

describe("fiveXxRate", () => {
  it("is the 5xx share of all requests in percent", () => {
    expect(fiveXxRate({ "200": 90, "404": 5, "502": 3, "503": 2 })).toBe(5);
    expect(fiveXxRate({})).toBe(0);
    expect(fiveXxRate({ "200": 4 })).toBe(0);
  });
});

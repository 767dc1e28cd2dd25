// The decision of one alert evaluation, free of I/O (test/unit/server/cdn/alerts/evaluate.test.ts): a rule fires once
// when its value goes over the threshold and is recorded as resolved when it goes back to or under it.
export type AlertMetric = "bandwidth" | "status5xx";
export type AlertState = "ok" | "firing";

/** What each metric measures over: the latest 5-minute bandwidth point; the 5xx share of the latest hour's requests. */
export const ALERT_WINDOWS: Record<AlertMetric, "5min" | "1hour"> = { bandwidth: "5min", status5xx: "1hour" };

export interface AlertDecision {
  next: AlertState;
  /** the history entry (and notification) this evaluation produces; null while the state stays the same */
  event: "fired" | "resolved" | null;
}

export function evaluateAlert(state: AlertState, value: number, threshold: number): AlertDecision {
  const over = value > threshold;
  if (over && state === "ok") return { next: "firing", event: "fired" };
  if (!over && state === "firing") return { next: "ok", event: "resolved" };
  return { next: state, event: null };
}

/** The 5xx share in percent of the status-code counts of one window (0 with no requests). */
export function fiveXxRate(codes: Record<string, number>): number {
  let total = 0;
  let errors = 0;
  for (const [code, n] of Object.entries(codes)) {
    total += n;
    if (/^5\d\d$/.test(code)) errors += n;
  }
  return total === 0 ? 0 : (errors / total) * 100;
}

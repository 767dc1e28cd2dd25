import "server-only";
// The CDN alert schedule (issue 21): every CONSOLE_ALERTS_INTERVAL_SECONDS each instance claims the rules due
// (store.ts claimDueRules, one instance per rule and interval), measures each domain with the traffic and analysis
// computations of the CDN page, and notifies by webhook only when a rule's state changes (evaluate.ts).
import { beijingDay, combine, comparisonCut, cutSeries } from "@/lib/cdn/stats";
import type { QiniuClient } from "@/lib/qiniu/client";
import { getConfig } from "@/server/config";
import { getDb, type Queryable } from "@/server/db";
import { getQiniu } from "@/server/qiniu";
import { statusCodes } from "../analysis-api";
import { fetchSeries } from "../traffic";
import { ALERT_WINDOWS, evaluateAlert, fiveXxRate, type AlertMetric } from "./evaluate";
import { claimDueRules, insertEvent, setDelivery, transition, type AlertRule } from "./store";
import { sendWebhook } from "./webhook";

/** The rule's current value: bits per second of the latest 5-minute point, or the 5xx percentage of the latest hour. */
async function measure(client: QiniuClient, domain: string, metric: AlertMetric, nowMs: number): Promise<number> {
  const today = { startDate: beijingDay(nowMs), endDate: beijingDay(nowMs) };
  const cut = comparisonCut(today, nowMs).current;
  if (metric === "bandwidth") {
    const series = cutSeries(await fetchSeries(client, "bandwidth", [domain], today, "5min"), cut);
    return combine(series, [domain]).at(-1) ?? 0;
  }
  const sc = await statusCodes(client, { domains: [domain], ...today, freq: ALERT_WINDOWS.status5xx });
  let i = sc.points.length - 1;
  while (i > 0 && cut !== null && sc.points[i] > cut) i--;
  return fiveXxRate(Object.fromEntries(Object.entries(sc.codes).map(([code, series]) => [code, series[i] ?? 0])));
}

async function evaluateRule(db: Queryable, client: QiniuClient, r: AlertRule, nowMs: number): Promise<void> {
  const value = await measure(client, r.domain, r.metric, nowMs);
  const { next, event } = evaluateAlert(r.state, value, r.threshold);
  if (!(await transition(db, r.id, r.state, next, value)) || !event) return;
  const saved = await insertEvent(db, r, event, value);
  const config = getConfig();
  const delivery = await sendWebhook(
    r.webhookUrl,
    {
      event,
      ruleId: r.id,
      domain: r.domain,
      rule: r.metric,
      value,
      threshold: r.threshold,
      window: ALERT_WINDOWS[r.metric],
      firedAt: new Date(saved.at).toISOString(),
    },
    { production: process.env.NODE_ENV === "production", allowLoopback: config.alerts.allowLoopback },
  );
  await setDelivery(db, saved.id, delivery);
}

/** One round: the rules due, one after the other (few rules; the emulator is CPU-bound). */
export async function runAlertRound(db: Queryable, client: QiniuClient, intervalSeconds: number, nowMs = Date.now()): Promise<number> {
  const due = await claimDueRules(db, intervalSeconds);
  for (const r of due) {
    await evaluateRule(db, client, r, nowMs).catch((err) => console.error(`[alerts] could not evaluate ${r.metric} on ${r.domain}:`, (err as Error).message));
  }
  return due.length;
}

// Next loads server modules in several bundles within one process: one schedule per process, kept on globalThis.
const KEY = Symbol.for("qiniu-console.cdn-alerts");
type Holder = { [KEY]?: NodeJS.Timeout };

export function startCdnAlerts(): void {
  const holder = globalThis as Holder;
  if (holder[KEY]) return;
  const seconds = getConfig().alerts.intervalSeconds;
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await runAlertRound(getDb(), getQiniu(), seconds);
    } catch (err) {
      console.error("[alerts] round failed:", (err as Error).message);
    } finally {
      running = false;
    }
  };
  holder[KEY] = setInterval(() => void tick(), seconds * 1000);
  holder[KEY].unref();
}

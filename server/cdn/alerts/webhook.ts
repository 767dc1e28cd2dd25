import "server-only";
// Alert notifications: the console's own server-side POST of a JSON body, with a timeout. Only http(s); in
// production no loopback, private or link-local address unless CONSOLE_ALERTS_ALLOW_LOOPBACK=1 (the e2e receiver).
import { lookup } from "node:dns/promises";
import { isIP } from "node:net";

const TIMEOUT_MS = 5_000;

export interface AlertPayload {
  event: "fired" | "resolved";
  ruleId: string;
  domain: string;
  rule: string;
  value: number;
  threshold: number;
  window: string;
  firedAt: string;
}

function privateAddress(ip: string): boolean {
  const v = ip.toLowerCase().replace(/^::ffff:/, "");
  if (isIP(v) === 4) {
    const [a, b] = v.split(".").map(Number);
    return (
      a === 0 ||
      a === 10 ||
      a === 127 ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 100 && b >= 64 && b <= 127)
    );
  }
  return v === "::" || v === "::1" || v.startsWith("fc") || v.startsWith("fd") || v.startsWith("fe80");
}

/** Why this URL may not receive a webhook, or null. */
export async function webhookProblem(url: string, opts: { production: boolean; allowLoopback: boolean }): Promise<string | null> {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return "not a URL";
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") return "only http and https";
  if (!opts.production || opts.allowLoopback) return null;
  const host = u.hostname.replace(/^\[|\]$/g, "");
  const addresses = isIP(host) ? [host] : (await lookup(host, { all: true }).catch(() => [])).map((a) => a.address);
  if (addresses.length === 0) return "the host does not resolve";
  return addresses.some(privateAddress) ? "a private or loopback address" : null;
}

/** Sends one notification; answers "sent" or why it was not delivered (kept in the history). */
export async function sendWebhook(url: string, payload: AlertPayload, opts: { production: boolean; allowLoopback: boolean }): Promise<string> {
  const problem = await webhookProblem(url, opts);
  if (problem) return `refused: ${problem}`;
  try {
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", "user-agent": "qiniu-console-alerts" },
      body: JSON.stringify(payload),
      redirect: "manual",
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    await res.body?.cancel();
    return res.ok ? "sent" : `HTTP ${res.status}`;
  } catch (err) {
    return (err as Error).name === "TimeoutError" ? "timed out" : (err as Error).message;
  }
}

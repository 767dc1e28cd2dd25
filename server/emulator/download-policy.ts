// Bucket settings enforced on downloads from a bucket's domain: referer anti-leech (403), CORS per the bucket's
// rules (go-sdk CorsRule semantics: no rules = every origin allowed; simple requests match the origin only,
// preflights also the method and headers; the first matching rule answers), and Cache-Control max-age.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { CorsRule, ReferSetting } from "./bucket-settings";
import type { BucketRegistry } from "./buckets";
import { forbidden } from "./http";

function hostMatches(pattern: string, host: string, hostname: string): boolean {
  const p = pattern.toLowerCase();
  if (p === "*") return true;
  const target = p.includes(":") ? host : hostname;
  if (p.startsWith("*.")) return target.endsWith(p.slice(1)) && target.length > p.length - 1;
  return target === p;
}

/** Throws 403 when the Referer header is refused by the bucket's whitelist or blacklist. */
export function checkReferer(refer: ReferSetting, referer: string | undefined): void {
  if (refer.mode === 0) return;
  if (!referer) {
    if (!refer.noRefer) throw forbidden("forbidden by referer anti-leech: an empty Referer is not allowed");
    return;
  }
  let matched = false;
  try {
    const u = new URL(referer);
    const host = u.host.toLowerCase();
    const hostname = u.hostname.toLowerCase();
    matched = refer.patterns.some((p) => hostMatches(p, host, hostname));
  } catch {
    matched = false;
  }
  if (refer.mode === 1 ? !matched : matched) throw forbidden("forbidden by referer anti-leech");
}

/** Only the first `*` is a wildcard; everything else, scheme included, must match exactly (case-sensitive). */
function originMatches(pattern: string, origin: string): boolean {
  const star = pattern.indexOf("*");
  if (star < 0) return pattern === origin;
  const head = pattern.slice(0, star);
  const tail = pattern.slice(star + 1);
  return origin.length >= head.length + tail.length && origin.startsWith(head) && origin.endsWith(tail);
}

function headersAllowed(rule: CorsRule, requested: string[]): boolean {
  const allowed = (rule.allowed_header ?? []).map((h) => h.toLowerCase());
  if (allowed.includes("*")) return true;
  return requested.every((h) => allowed.includes(h.toLowerCase()));
}

const CORS_HEADERS = [
  "Access-Control-Allow-Origin",
  "Access-Control-Allow-Methods",
  "Access-Control-Allow-Headers",
  "Access-Control-Expose-Headers",
  "Access-Control-Max-Age",
];

function answerWith(res: ServerResponse, rule: CorsRule, origin: string, requestedHeaders: string[]): void {
  res.setHeader("Access-Control-Allow-Origin", origin);
  res.setHeader("Vary", "Origin");
  res.setHeader("Access-Control-Allow-Methods", rule.allowed_method.join(", "));
  if (requestedHeaders.length > 0) res.setHeader("Access-Control-Allow-Headers", requestedHeaders.join(", "));
  else res.removeHeader("Access-Control-Allow-Headers");
  // X-Log and X-Reqid are always exposed (go-sdk CorsRule.ExposedHeader).
  res.setHeader("Access-Control-Expose-Headers", ["X-Log", "X-Reqid", ...(rule.exposed_header ?? [])].join(", "));
  if (rule.max_age !== undefined) res.setHeader("Access-Control-Max-Age", String(rule.max_age));
  else res.removeHeader("Access-Control-Max-Age");
}

/**
 * Replaces the emulator's allow-everything CORS headers (http.ts prepareResponse) by the bucket's rules, when it has
 * any. Returns false for a preflight that no rule allows (to be answered 403).
 */
export function applyCors(buckets: BucketRegistry, bucket: string, req: IncomingMessage, res: ServerResponse): boolean {
  const rules = buckets.settings.get(bucket, "cors");
  const origin = req.headers.origin;
  if (rules.length === 0 || typeof origin !== "string" || origin === "") return true;
  const preflight = req.method === "OPTIONS";
  const method = preflight ? String(req.headers["access-control-request-method"] ?? "").toUpperCase() : undefined;
  const requested = preflight
    ? String(req.headers["access-control-request-headers"] ?? "")
        .split(",")
        .map((h) => h.trim())
        .filter(Boolean)
    : [];
  const rule = rules.find(
    (r) => r.allowed_origin.some((o) => originMatches(o, origin)) && (!preflight || (r.allowed_method.includes(method!) && headersAllowed(r, requested))),
  );
  if (rule) {
    answerWith(res, rule, origin, requested);
    return true;
  }
  for (const h of CORS_HEADERS) res.removeHeader(h);
  return !preflight;
}

/** Cache-Control of a download: private buckets are not cached, public ones for the bucket's max-age. */
export function cacheControl(buckets: BucketRegistry, bucket: string, isPrivate: boolean): string {
  return isPrivate ? "private, no-cache" : `public, max-age=${buckets.settings.get(bucket, "maxAge")}`;
}

import { getConfig } from "@/server/config";
import { normalizeIp, TrustedProxies } from "./trusted-proxies";

/**
 * The client's address for per-IP login throttling and the audit log.
 *
 * X-Forwarded-For is written by whoever sends the request: a client talking to `next start` directly can put any
 * address in it (and so dodge the per-IP limit, or get someone else's address locked). It is only trusted when the
 * request came through a proxy named in CONSOLE_TRUSTED_PROXY. The address of the TCP peer itself is put into
 * PEER_HEADER by installPeerAddressHeader() (server/auth/peer-address.ts), overwriting anything a client sent.
 */
export const PEER_HEADER = "x-console-peer-address";

type HeaderSource = { get(name: string): string | null } | Record<string, string | string[] | undefined>;

function header(headers: HeaderSource, name: string): string {
  const raw = typeof headers.get === "function" ? (headers as { get(n: string): string | null }).get(name) : (headers as Record<string, unknown>)[name];
  return Array.isArray(raw) ? raw.join(",") : typeof raw === "string" ? raw : "";
}

/**
 * Without trusted proxies: the TCP peer. With them: walking X-Forwarded-For from the right (each proxy appends the
 * address it saw), the first address that is not a trusted proxy — but only when the peer itself is a trusted proxy.
 */
export function clientIp(headers: HeaderSource, trusted?: TrustedProxies | null): string | null {
  const peer = normalizeIp(header(headers, PEER_HEADER));
  if (!trusted || trusted.size === 0) return peer;
  if (peer && !trusted.has(peer)) return peer;
  const forwarded = header(headers, "x-forwarded-for")
    .split(",")
    .map((s) => normalizeIp(s))
    .filter((s): s is string => s !== null);
  for (let i = forwarded.length - 1; i >= 0; i--) if (!trusted.has(forwarded[i])) return forwarded[i];
  return forwarded[0] ?? peer;
}

let configured: TrustedProxies | undefined;

/** The client address of a request to this console, with CONSOLE_TRUSTED_PROXY from the configuration. */
export async function requestClientIp(headers: HeaderSource): Promise<string | null> {
  configured ??= new TrustedProxies(getConfig().auth.trustedProxies);
  return clientIp(headers, configured);
}

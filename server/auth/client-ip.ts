/**
 * The client's address for per-IP login throttling. `next start` fills X-Forwarded-For with the socket address when the
 * request has none; a reverse proxy appends the address it saw, so the last entry is the one our side wrote.
 */
export function clientIp(headers: { get(name: string): string | null } | Record<string, string | string[] | undefined>): string | null {
  const raw = typeof headers.get === "function" ? (headers as { get(n: string): string | null }).get("x-forwarded-for") : (headers as Record<string, unknown>)["x-forwarded-for"];
  const value = Array.isArray(raw) ? raw.join(",") : typeof raw === "string" ? raw : "";
  const last = value.split(",").map((s) => s.trim()).filter(Boolean).pop();
  if (!last) return null;
  // IPv4-mapped IPv6 (::ffff:127.0.0.1) and plain IPv4 are the same client.
  return last.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, "$1").slice(0, 64);
}

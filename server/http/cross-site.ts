import "server-only";

/**
 * Refuses state-changing requests from other sites. Next checks Origin for server actions itself, but not for route
 * handlers. A request without Origin and Sec-Fetch-Site is not from a browser page, so it carries no stolen cookie.
 * Reads (the CSV and log downloads) are answered to another site only as a top-level navigation, i.e. a link the user
 * followed: the answer lands in the user's own window or downloads folder. Another site's fetch, image or script
 * gets nothing, even where a cookie travels with it (the session cookie is SameSite=Lax, so normally it does not).
 */
export function isCrossSite(req: Request): boolean {
  const fromOtherSite = req.headers.get("sec-fetch-site") === "cross-site";
  if (req.method === "GET" || req.method === "HEAD" || req.method === "OPTIONS") return fromOtherSite && req.headers.get("sec-fetch-mode") !== "navigate";
  if (fromOtherSite) return true;
  const origin = req.headers.get("origin");
  if (!origin) return false;
  const host = req.headers.get("x-forwarded-host")?.split(",")[0]?.trim() || req.headers.get("host");
  try {
    return new URL(origin).host !== host;
  } catch {
    return true; // "null" or garbage
  }
}

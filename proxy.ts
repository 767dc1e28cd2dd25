import { NextResponse, type NextRequest } from "next/server";
import { getToken } from "next-auth/jwt";
import { getConfig } from "@/server/config";
import { refuseMalformedAction } from "@/server/security/action-request";
import { contentSecurityPolicy, scriptNonce } from "@/server/security/content-security-policy";

// Runs before every page (the login page included) and every server action call. Static headers for all responses,
// API routes and static files included, come from next.config.js; this adds what needs the request:
// - server action calls Next would answer with HTTP 500 (too large, malformed) get a 4xx here instead;
// - pages get a Content-Security-Policy with a fresh script nonce (Next reads it from the request header and puts it on
//   its own scripts; the root layout reads `x-nonce`), and HSTS when served over https;
// - signed-out visitors of console pages go to the login page, keeping where they were going. This only checks that a
//   valid session cookie exists; pages, actions and route handlers check the user in the database themselves.
export async function proxy(req: NextRequest) {
  const fetchAction = req.method === "POST" && req.headers.has("next-action");
  if (req.method === "POST") {
    const refused = await refuseMalformedAction(req, { fetchAction });
    if (refused) return refused;
  }
  // Server action calls are answered by the action wrapper (a typed "unauthorized" result the page can show), where a
  // redirect to the login page would only break the call; they render no HTML, so need no nonce.
  if (fetchAction) return NextResponse.next();

  const config = getConfig();
  const nonce = scriptNonce();
  const csp = contentSecurityPolicy(nonce, { mode: config.mode, hosts: config.qiniu.hosts, dev: process.env.NODE_ENV === "development" });
  const https = req.nextUrl.protocol === "https:" || req.headers.get("x-forwarded-proto")?.split(",")[0]?.trim() === "https";

  let res: NextResponse;
  const isLogin = req.nextUrl.pathname === "/login" || req.nextUrl.pathname.startsWith("/login/");
  const token = isLogin ? null : await getToken({ req, secret: config.auth.secret });
  if (isLogin || token?.uid) {
    const headers = new Headers(req.headers);
    headers.set("content-security-policy", csp);
    headers.set("x-nonce", nonce);
    res = NextResponse.next({ request: { headers } });
  } else {
    const login = new URL("/login", req.url);
    const target = req.nextUrl.pathname + req.nextUrl.search;
    if (target !== "/") login.searchParams.set("callbackUrl", target);
    res = NextResponse.redirect(login);
  }
  res.headers.set("Content-Security-Policy", csp);
  if (https) res.headers.set("Strict-Transport-Security", "max-age=63072000; includeSubDomains");
  return res;
}

export const config = {
  // Everything except API routes (they answer 401 themselves, and their bodies are theirs to read), Next's static files
  // and the files in public/.
  matcher: ["/((?!api/|_next/|favicon\\.ico|.*\\.(?:svg|png|jpg|jpeg|gif|webp|ico|txt|webmanifest|woff2?)$).*)"],
};

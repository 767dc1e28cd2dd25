import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { sameOriginPath } from "@/lib/auth/callback-url";
import { getConfig } from "@/server/config";
import { authOptions } from "@/server/auth/options";
import { UNAUTHENTICATED_BODY_LIMIT, withBodyWithin } from "@/server/http/read-body";

// next-auth checks a callbackUrl in the query or in its callback-url cookie before any callback of ours runs, and
// answers one it cannot parse (CR, LF, "foo") with HTTP 500 "server configuration". Refuse those here with a 400; an
// unusable cookie is also cleared, so the next attempt works.
const CALLBACK_COOKIE = /^(?:__Secure-)?next-auth\.callback-url$/;

function isConsolePath(value: string): boolean {
  return sameOriginPath(value, getConfig().auth.url, "") !== "";
}

/** What next-auth's own check accepts (a path, or an absolute http(s) URL); our redirect callback then keeps it here. */
function isHttpUrl(value: string): boolean {
  try {
    return /^https?:$/.test(new URL(value, value.startsWith("/") ? getConfig().auth.url : undefined).protocol);
  } catch {
    return false;
  }
}

function refuse(message: string, clearCookie?: string): Response {
  const res = Response.json({ message }, { status: 400 });
  if (clearCookie)
    res.headers.append("Set-Cookie", `${clearCookie}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax${clearCookie.startsWith("__Secure-") ? "; Secure" : ""}`);
  return res;
}

// next-auth's own endpoints: CSRF token, credentials and single sign-on callbacks, sign-out, session. They are open
// to anyone and next-auth reads a POST body in full, so the body is read here first, within a small cap.
async function handler(req: NextRequest, ctx: { params: Promise<{ nextauth: string[] }> }): Promise<Response> {
  const callbackUrl = new URL(req.url).searchParams.get("callbackUrl");
  if (callbackUrl !== null && !(isHttpUrl(callbackUrl) && isConsolePath(callbackUrl))) return refuse("callbackUrl must be a path on this console");
  const badCookie = req.cookies.getAll().find((c) => CALLBACK_COOKIE.test(c.name) && !isHttpUrl(c.value));
  if (badCookie) return refuse("the sign-in callback cookie was unusable and has been cleared: try again", badCookie.name);
  const bounded = await withBodyWithin(req, UNAUTHENTICATED_BODY_LIMIT);
  if (!bounded) return Response.json({ error: "request body too large" }, { status: 413, headers: { "Cache-Control": "no-store" } });
  return NextAuth(bounded as never, ctx as never, authOptions());
}

export { handler as GET, handler as POST };

import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { authOptions } from "@/server/auth/options";
import { UNAUTHENTICATED_BODY_LIMIT, withBodyWithin } from "@/server/http/read-body";

// next-auth's own endpoints: CSRF token, credentials and single sign-on callbacks, sign-out, session. They are open
// to anyone and next-auth reads a POST body in full, so the body is read here first, within a small cap.
async function handler(req: NextRequest, ctx: { params: Promise<{ nextauth: string[] }> }): Promise<Response> {
  const bounded = await withBodyWithin(req, UNAUTHENTICATED_BODY_LIMIT);
  if (!bounded) return Response.json({ error: "request body too large" }, { status: 413, headers: { "Cache-Control": "no-store" } });
  return NextAuth(bounded as never, ctx as never, authOptions());
}

export { handler as GET, handler as POST };

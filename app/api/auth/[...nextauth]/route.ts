import NextAuth from "next-auth";
import { authOptions } from "@/server/auth/options";

// next-auth's own endpoints: CSRF token, credentials and single sign-on callbacks, sign-out, session.
async function handler(req: Request, ctx: { params: Promise<{ nextauth: string[] }> }): Promise<Response> {
  return NextAuth(req as never, ctx as never, authOptions());
}

export { handler as GET, handler as POST };

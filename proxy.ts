import { NextResponse, type NextRequest } from "next/server";
import { getToken } from "next-auth/jwt";
import { getConfig } from "@/server/config";

// Sends signed-out visitors of console pages to the login page, keeping where they were going. This only checks that
// a valid session cookie exists; pages, actions and route handlers check the user in the database themselves.
export async function proxy(req: NextRequest) {
  const token = await getToken({ req, secret: getConfig().auth.secret });
  if (token?.uid) return NextResponse.next();
  const login = new URL("/login", req.url);
  const target = req.nextUrl.pathname + req.nextUrl.search;
  if (target !== "/") login.searchParams.set("callbackUrl", target);
  return NextResponse.redirect(login);
}

export const config = {
  matcher: [
    {
      // Everything except the login page, API routes (they answer 401 themselves) and static files…
      source: "/((?!login|api/|_next/|favicon\\.ico|.*\\.(?:svg|png|jpg|jpeg|gif|webp|ico|txt|woff2?)$).*)",
      // …and server action calls: the action wrapper answers them with a typed "unauthorized" result, which the
      // page can show, where a redirect to the login page would only break the call.
      missing: [{ type: "header", key: "next-action" }],
    },
  ],
};

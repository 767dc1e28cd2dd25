import "next-auth";
import "next-auth/jwt";

// What our session and token carry: only the user id, the session version and the session's own id (to end it on
// sign-out). Role, scopes and the disabled flag are read from the database on every request (server/auth/session.ts),
// so changes take effect at once.
declare module "next-auth" {
  interface Session {
    uid?: string;
    sv?: number;
    sid?: string;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    uid?: string;
    sv?: number;
    sid?: string;
  }
}

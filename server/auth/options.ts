import "server-only";
import { randomUUID } from "node:crypto";
import type { NextAuthOptions, Profile } from "next-auth";
import { headers } from "next/headers";
import CredentialsProvider from "next-auth/providers/credentials";
import { sameOriginUrl } from "@/lib/auth/callback-url";
import { getConfig } from "@/server/config";
import { getDb } from "@/server/db";
import { recordAudit } from "@/server/audit/log";
import { requestClientIp } from "./client-ip";
import { attemptLogin } from "./login";
import { applySsoMapping } from "./sso-mapping";
import { openSession, revokeSession } from "./sessions";
import { findLoginByEmail, findUserById } from "./users";

export const LOGIN_ERRORS = {
  rateLimited: "RateLimited",
  disabled: "Disabled",
  noAccount: "NoAccount",
  totpRequired: "TotpRequired",
  totpInvalid: "TotpInvalid",
} as const;

/** The requesting browser, for the session list (null where next-auth runs outside a request scope). */
async function requestFacts(): Promise<{ ip: string | null; userAgent: string | null }> {
  try {
    const h = await headers();
    return { ip: await requestClientIp(h), userAgent: h.get("user-agent") };
  } catch {
    return { ip: null, userAgent: null };
  }
}

function oidcProvider(oidc: NonNullable<ReturnType<typeof getConfig>["auth"]["oidc"]>): NextAuthOptions["providers"][number] {
  return {
    id: "oidc",
    name: oidc.name,
    type: "oauth",
    wellKnown: `${oidc.issuer}/.well-known/openid-configuration`,
    clientId: oidc.clientId,
    clientSecret: oidc.clientSecret,
    authorization: { params: { scope: "openid email profile" } },
    idToken: true,
    checks: ["pkce", "state"],
    profile(profile: { sub: string; email?: string; name?: string }) {
      return { id: profile.sub, email: profile.email ?? null, name: profile.name ?? null };
    },
  };
}

let built: NextAuthOptions | undefined;

/** The next-auth configuration, built on first use (config is not available at build time). */
export function authOptions(): NextAuthOptions {
  if (built) return built;
  const config = getConfig();
  const db = getDb();
  const lifetimeMs = config.auth.sessionHours * 3_600_000;
  built = {
    secret: config.auth.secret,
    // The token lives as long as the absolute lifetime; the idle timeout is kept in the database (server/auth/session.ts).
    session: { strategy: "jwt", maxAge: Math.round(config.auth.sessionHours * 3600) },
    pages: { signIn: "/login", error: "/login" },
    providers: [
      CredentialsProvider({
        id: "credentials",
        name: "Email",
        credentials: {
          email: { label: "Email", type: "email" },
          password: { label: "Password", type: "password" },
          otp: { label: "Code", type: "text" },
        },
        async authorize(credentials, req) {
          const email = String(credentials?.email ?? "").slice(0, 320);
          const password = String(credentials?.password ?? "").slice(0, 1024);
          const otp = String(credentials?.otp ?? "").slice(0, 64);
          if (!email || !password) return null;
          const ip = await requestClientIp(req.headers ?? {});
          const result = await attemptLogin(db, { email, password, otp, ip }, config.auth.loginLimits);
          if (result.ok) {
            const ua = (req.headers as Record<string, string | undefined> | undefined)?.["user-agent"] ?? null;
            return { id: result.user.id, email: result.user.email, name: result.user.name, sv: result.user.sessionVersion, ip, ua, provider: "credentials" };
          }
          // next-auth passes a thrown error's message to the login page as ?error=…; null becomes "CredentialsSignin".
          if (result.reason === "rate_limited") throw new Error(`${LOGIN_ERRORS.rateLimited}:${Math.ceil((result.retryAfterMs ?? 60_000) / 1000)}s`);
          if (result.reason === "disabled") throw new Error(LOGIN_ERRORS.disabled);
          if (result.reason === "totp_required") throw new Error(LOGIN_ERRORS.totpRequired);
          if (result.reason === "totp_invalid") throw new Error(LOGIN_ERRORS.totpInvalid);
          return null;
        },
      }),
      ...(config.auth.oidc ? [oidcProvider(config.auth.oidc)] : []),
    ],
    callbacks: {
      // next-auth's default accepts any value starting with "/" (so `/\t/evil.example/` leaves the site once the
      // browser drops the tab) and throws "Invalid URL" on others; this one never leaves the console and never throws.
      redirect({ url, baseUrl }) {
        return sameOriginUrl(url, baseUrl);
      },
      // Single sign-on admits people an admin has added (matched by e-mail), with the role and scopes the provider's
      // claims map to (OIDC_ROLE_MAPPING); it creates accounts only with OIDC_CREATE_USERS=1 and a matching rule.
      async signIn({ account, profile }) {
        if (account?.provider !== "oidc") return true;
        const email = profile?.email?.trim().toLowerCase();
        const verified = (profile as { email_verified?: boolean } | undefined)?.email_verified !== false;
        if (email && verified && config.auth.oidc) await applySsoMapping(db, config.auth.oidc, email, profile as Profile & Record<string, unknown>);
        const found = email && verified ? await findLoginByEmail(db, email) : null;
        const ok = Boolean(found && !found.user.disabled);
        await recordAudit(
          {
            actor: { id: found?.user.id ?? null, email: email ?? "(no e-mail)", role: found?.user.role ?? null },
            action: "auth.login",
            params: { provider: "oidc" },
            outcome: ok ? "ok" : "error",
            errorCode: ok ? null : found ? "disabled" : "no_account",
          },
          db,
        );
        return ok ? true : `/login?error=${LOGIN_ERRORS.noAccount}`;
      },
      async jwt({ token, user, account, profile }) {
        // `sid` names this sign-in; it is set only here, at sign-in, and kept when the token is renewed, so signing
        // out can end exactly this session (server/auth/ended-sessions.ts).
        // Each sign-in also opens its row in user_sessions (server/auth/sessions.ts).
        if (account?.provider === "oidc" && profile?.email) {
          const found = await findLoginByEmail(db, profile.email);
          if (found) {
            token.uid = found.user.id;
            token.sv = found.user.sessionVersion;
            token.sid = randomUUID();
            await openSession(db, { sid: token.sid, userId: found.user.id, provider: "oidc", ...(await requestFacts()) }, lifetimeMs);
          }
        } else if (user) {
          const signedIn = user as { sv?: number; ip?: string | null; ua?: string | null };
          token.uid = user.id;
          token.sv = signedIn.sv;
          token.sid = randomUUID();
          await openSession(db, { sid: token.sid, userId: user.id, ip: signedIn.ip, userAgent: signedIn.ua, provider: "credentials" }, lifetimeMs);
        }
        return token;
      },
      session({ session, token }) {
        return { expires: session.expires, uid: token.uid, sv: token.sv, sid: token.sid };
      },
    },
    events: {
      async signOut({ token }) {
        const user = token?.uid ? await findUserById(db, token.uid) : null;
        if (!user) return;
        // The cookie is cleared in this browser; a copy of it kept elsewhere must stop working too.
        if (token.sid) await revokeSession(db, { id: user.id, sessionVersion: token.sv ?? 0 }, token.sid);
        await recordAudit({ actor: { id: user.id, email: user.email, role: user.role }, action: "auth.logout", outcome: "ok" }, db);
      },
    },
  };
  return built;
}

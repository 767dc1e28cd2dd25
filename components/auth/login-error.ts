import type { MessageKey } from "@/lib/i18n/translate";

/** next-auth's error code (from ?error= or signIn()'s result) → what the login form says. */
export function loginErrorMessage(code: string): { key: MessageKey; vars?: Record<string, string | number> } {
  const [name, arg] = code.split(":");
  switch (name) {
    case "CredentialsSignin":
      return { key: "auth.login.invalid" };
    case "RateLimited":
      // "RateLimited:<seconds>s" (growing delays); an old "RateLimited:<minutes>" link still reads right.
      if (arg?.endsWith("s")) return { key: "auth.login.rateLimitedFor", vars: { seconds: Number(arg.slice(0, -1)) || 30 } };
      return { key: "auth.login.rateLimited", vars: { minutes: Number(arg) || 15 } };
    case "Disabled":
      return { key: "auth.login.disabled" };
    case "NoAccount":
    case "AccessDenied":
      return { key: "auth.login.noAccount" };
    case "TotpInvalid":
      return { key: "auth.login.totpInvalid" };
    case "SessionExpired":
      return { key: "auth.login.sessionExpired" };
    default:
      return { key: "auth.login.failed" };
  }
}

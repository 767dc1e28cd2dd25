import type { MessageKey } from "@/lib/i18n/translate";

/** next-auth's error code (from ?error= or signIn()'s result) → what the login form says. */
export function loginErrorMessage(code: string): { key: MessageKey; vars?: Record<string, string | number> } {
  const [name, arg] = code.split(":");
  switch (name) {
    case "CredentialsSignin":
      return { key: "auth.login.invalid" };
    case "RateLimited":
      return { key: "auth.login.rateLimited", vars: { minutes: Number(arg) || 15 } };
    case "Disabled":
      return { key: "auth.login.disabled" };
    case "NoAccount":
    case "AccessDenied":
      return { key: "auth.login.noAccount" };
    default:
      return { key: "auth.login.failed" };
  }
}

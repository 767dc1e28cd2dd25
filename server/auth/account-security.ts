import "server-only";
import { checkPassword, type PasswordProblem } from "@/lib/auth/password-policy";
import type { MessageKey } from "@/lib/i18n/translate";
import type { Scope } from "@/lib/permissions";
import { getQiniu } from "@/server/qiniu";

// Checks the user actions share: the password policy's message keys, and scopes naming buckets that exist.

const PASSWORD_MESSAGES: Record<PasswordProblem, MessageKey> = {
  tooShort: "auth.password.tooShort",
  tooLong: "auth.password.tooLong",
  containsEmail: "auth.password.containsEmail",
  containsName: "auth.password.containsName",
  common: "auth.password.common",
  weak: "auth.password.weak",
};

/** The message key for a password the policy refuses, or null. */
export function passwordRefusal(password: string, who: { email?: string; name?: string }): MessageKey | null {
  const problem = checkPassword(password, who);
  return problem ? PASSWORD_MESSAGES[problem] : null;
}

/** Buckets named in `scopes` that the account does not have (checked when scopes are set). */
export async function missingScopeBuckets(scopes: readonly Scope[]): Promise<string[]> {
  if (scopes.length === 0) return [];
  const existing = new Set(await getQiniu().listBuckets());
  return [...new Set(scopes.map((s) => s.bucket))].filter((b) => !existing.has(b));
}

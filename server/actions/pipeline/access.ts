import "server-only";
import { z } from "zod";
import type { ActionError, Translate } from "@/lib/actions/result";
import type { Locale } from "@/lib/i18n/messages";
import { can, roleHas, type Permission, type Target } from "@/lib/permissions";
import type { SessionUser } from "@/server/auth/session";
import { toActionError } from "@/server/errors/error-table";

// The checks every server action and every guarded GET route share, in this order: session → role → input (zod) →
// bucket/prefix scope. The session and role come before the input so that signed-out or unentitled callers learn
// nothing about the input an action expects; the scope needs the parsed input, so it comes after.

/** "signed-in" = any signed-in user (e.g. changing one's own password). */
export type ActionPermission = Permission | "signed-in";

export interface AccessRule<S extends z.ZodType> {
  /** `area.verb`, also the audit action name: `objects.delete`, `users.create`. */
  name: string;
  input: S;
  permission: ActionPermission;
  /** The bucket/key/prefix(es) the input touches, checked against the user's scopes. */
  target?: (input: z.output<S>) => Target | Target[];
}

export type Where = { bucket: string | null; target: string | null };

export type Access<S extends z.ZodType> =
  | { ok: true; input: z.output<S>; where: Where }
  /** `stage` says which check refused: "role"/"scope" refusals are audited by actions, the others not. */
  | { ok: false; stage: "session" | "role" | "input" | "target" | "scope"; error: ActionError; where: Where; input?: z.output<S> };

function fieldErrors(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const path = issue.path.map(String).join(".") || "_";
    fields[path] ??= issue.message;
  }
  return fields;
}

function targetsOf(target: Target | Target[]): Target[] {
  return Array.isArray(target) ? target : [target];
}

function describeTargets(targets: Target[]): Where {
  const buckets = [...new Set(targets.map((t) => t.bucket).filter((b): b is string => Boolean(b)))];
  const names = targets.map((t) => t.key ?? t.prefix).filter((n): n is string => n !== undefined);
  return {
    bucket: buckets.length === 1 ? buckets[0] : buckets.length > 1 ? buckets.join(",") : null,
    target: names.length === 1 ? names[0] : names.length > 1 ? `${names.length} items` : null,
  };
}

const NOWHERE: Where = { bucket: null, target: null };

export function checkAccess<S extends z.ZodType>(rule: AccessRule<S>, raw: unknown, user: SessionUser | null, t: Translate, locale: Locale): Access<S> {
  if (!user) return { ok: false, stage: "session", error: { code: "unauthorized", message: t("auth.errors.unauthorized") }, where: NOWHERE };
  const forbidden = { code: "forbidden", message: t("auth.errors.forbidden") };
  // Two-factor sign-in required but not set up: only what any signed-in user may do (enrolment) is open.
  if (user.mustEnrol2fa && rule.permission !== "signed-in")
    return { ok: false, stage: "role", error: { code: "forbidden", message: t("auth.twoFactor.requiredFirst") }, where: NOWHERE };
  if (rule.permission !== "signed-in" && !roleHas(user.role, rule.permission)) return { ok: false, stage: "role", error: forbidden, where: NOWHERE };

  const parsed = rule.input.safeParse(raw, { error: (locale === "en" ? z.locales.en() : z.locales.zhCN()).localeError });
  if (!parsed.success) {
    return {
      ok: false,
      stage: "input",
      error: { code: "invalid_input", message: t("auth.errors.invalidInput"), fields: fieldErrors(parsed.error) },
      where: NOWHERE,
    };
  }
  const input = parsed.data as z.output<S>;

  let targets: Target[] | undefined;
  try {
    targets = rule.target ? targetsOf(rule.target(input)) : undefined;
  } catch (err) {
    return { ok: false, stage: "target", error: toActionError(err, t, rule.name), where: NOWHERE };
  }
  const where = targets ? describeTargets(targets) : NOWHERE;
  if (rule.permission !== "signed-in" && !can(user, rule.permission, targets)) return { ok: false, stage: "scope", error: forbidden, where, input };
  return { ok: true, input, where };
}

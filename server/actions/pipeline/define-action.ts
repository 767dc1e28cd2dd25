import "server-only";
import { headers } from "next/headers";
import { unstable_rethrow } from "next/navigation";
import type { z } from "zod";
import type { ActionError, ActionResult, Translate } from "@/lib/actions/result";
import type { Locale } from "@/lib/i18n/messages";
import { recordAudit, type AuditEntry, type AuditOutcome } from "@/server/audit/log";
import { requestClientIp } from "@/server/auth/client-ip";
import { getSessionUser, type SessionUser } from "@/server/auth/session";
import { toActionError } from "@/server/errors/error-table";
import { getTranslator } from "@/server/i18n";
import { checkAccess, type AccessRule, type ActionPermission, type Where } from "./access";

// The ONE path for every server action (conventions: "One path for every server action"). Order: the shared access
// checks (./access.ts: session → role → input → scope) → handler → audit → typed result.

export interface ActionContext {
  user: SessionUser;
  t: Translate;
  locale: Locale;
  ip: string | null;
}

/** What the audit record says about a change; defaults: the target's bucket and key/prefix, the (redacted) input. */
export interface AuditDetails {
  bucket?: string | null;
  target?: string | null;
  params?: Record<string, unknown>;
}

export interface ActionDefinition<S extends z.ZodType, D> extends AccessRule<S> {
  /**
   * Changes are audited (the default). `false` for reads; a function to choose what the record says (write it after
   * `handler`, so TypeScript infers `data` from the handler).
   */
  audit?: boolean | ((input: z.output<S>, data: NoInfer<D> | undefined) => AuditDetails);
  handler: (input: z.output<S>, ctx: ActionContext) => Promise<D>;
}

const ACTION = Symbol.for("qiniu-console.action");

export interface ActionInfo {
  name: string;
  permission: ActionPermission;
  audited: boolean;
}

export type WrappedAction<S extends z.ZodType, D> = ((input: z.input<S>) => Promise<ActionResult<D>>) & { readonly [ACTION]: ActionInfo };

/** True only for functions made by defineAction (test/unit/server/actions/all-wrapped.test.ts checks every export). */
export function isWrappedAction(value: unknown): value is WrappedAction<z.ZodType, unknown> {
  return typeof value === "function" && (value as { [ACTION]?: unknown })[ACTION] !== undefined;
}

export function actionInfo(value: unknown): ActionInfo | undefined {
  return isWrappedAction(value) ? value[ACTION] : undefined;
}

/** Where an action gets its request facts and writes its audit record; tests pass their own. */
export interface ActionEnv {
  user(): Promise<SessionUser | null>;
  translator(): Promise<{ t: Translate; locale: Locale }>;
  ip(): Promise<string | null>;
  audit(entry: AuditEntry): Promise<void>;
}

const requestEnv: ActionEnv = {
  user: getSessionUser,
  translator: getTranslator,
  ip: async () => requestClientIp(await headers()),
  audit: (entry) => recordAudit(entry),
};

/** Runs one action call through every step; `defineAction` binds it to the request. Exported for tests. */
export async function runAction<S extends z.ZodType, D>(def: ActionDefinition<S, D>, raw: unknown, env: ActionEnv): Promise<ActionResult<D>> {
  const audited = def.audit !== false;
  const { t, locale } = await env.translator();
  const user = await env.user();
  if (!user) return { ok: false, error: { code: "unauthorized", message: t("auth.errors.unauthorized") } };
  // Two-factor sign-in required but not set up: only the account's own actions (enrolment) are open.
  if (user.mustEnrol2fa && !def.name.startsWith("account.")) return { ok: false, error: { code: "forbidden", message: t("auth.twoFactor.requiredFirst") } };
  const ip = await env.ip();

  const record = async (where: Where, params: Record<string, unknown>, outcome: AuditOutcome, error?: ActionError) => {
    if (!audited) return;
    const entry: AuditEntry = {
      actor: { id: user.id, email: user.email, role: user.role },
      action: def.name,
      ...where,
      params,
      outcome,
      errorCode: error?.code,
      errorMessage: error?.message,
      reqId: error?.reqId,
      ip,
    };
    try {
      await env.audit(entry);
    } catch (err) {
      // The change happened; losing its record must at least be loud in the server log.
      console.error(`[audit] could not record ${def.name} by ${user.email} (${outcome}):`, err, entry);
    }
  };
  const paramsOf = (input: unknown): Record<string, unknown> =>
    input && typeof input === "object" && !Array.isArray(input) ? (input as Record<string, unknown>) : { input };

  const access = checkAccess(def, raw, user, t, locale);
  if (!access.ok) {
    if (access.stage === "role") await record(access.where, {}, "denied", access.error);
    if (access.stage === "scope") await record(access.where, paramsOf(access.input), "denied", access.error);
    return { ok: false, error: access.error };
  }
  const { input, where } = access;
  const inputParams = paramsOf(input);

  const details = (data: D | undefined): { where: Where; params: Record<string, unknown> } => {
    if (typeof def.audit !== "function") return { where, params: inputParams };
    try {
      const d = def.audit(input, data);
      return {
        where: { bucket: d.bucket !== undefined ? d.bucket : where.bucket, target: d.target !== undefined ? d.target : where.target },
        params: d.params ?? inputParams,
      };
    } catch {
      return { where, params: inputParams };
    }
  };
  try {
    const data = await def.handler(input, { user, t, locale, ip });
    const d = details(data);
    await record(d.where, d.params, "ok");
    return { ok: true, data };
  } catch (err) {
    unstable_rethrow(err); // redirect()/notFound() from a handler are Next's control flow, not failures
    const error = toActionError(err, t, def.name);
    const d = details(undefined);
    await record(d.where, d.params, "error", error);
    return { ok: false, error };
  }
}

export function defineAction<S extends z.ZodType, D>(def: ActionDefinition<S, D>): WrappedAction<S, D> {
  const action = async (raw: z.input<S>) => runAction(def, raw, requestEnv);
  Object.defineProperty(action, ACTION, { value: { name: def.name, permission: def.permission, audited: def.audit !== false } satisfies ActionInfo });
  return action as WrappedAction<S, D>;
}

import "server-only";
import { randomUUID } from "node:crypto";
import { headers } from "next/headers";
import { unstable_rethrow } from "next/navigation";
import { z } from "zod";
import { can, roleHas, type Permission, type Target } from "@/lib/permissions";
import type { Locale } from "@/lib/i18n/messages";
import type { MessageKey } from "@/lib/i18n/translate";
import type { Translate } from "@/lib/i18n/translator";
import { QiniuError, QiniuInputError, type QiniuErrorCode } from "@/lib/qiniu/errors";
import { recordAudit, type AuditEntry, type AuditOutcome } from "@/server/audit/log";
import { requestClientIp } from "@/server/auth/client-ip";
import { getSessionUser, type SessionUser } from "@/server/auth/session";
import { getTranslator } from "@/server/i18n";

// The ONE path for every server action and every route handler that needs a session (conventions: "One path for
// every server action"). Order: session → role → input (zod) → bucket/prefix scope → handler → audit → typed result.
// The session and role come before the input so that signed-out or unentitled callers learn nothing about the
// input an action expects; the scope needs the parsed input, so it comes after.

export interface ActionError {
  code: string;
  message: string;
  reqId?: string;
  fields?: Record<string, string>;
}
export type ActionResult<T> = { ok: true; data: T } | { ok: false; error: ActionError };


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

/** "signed-in" = any signed-in user (e.g. changing one's own password). */
export type ActionPermission = Permission | "signed-in";

export interface ActionDefinition<S extends z.ZodType, D> {
  /** `area.verb`, also the audit action name: `objects.delete`, `users.create`. */
  name: string;
  input: S;
  permission: ActionPermission;
  /** The bucket/key/prefix(es) the input touches, checked against the user's scopes. */
  target?: (input: z.output<S>) => Target | Target[];
  /**
   * Changes are audited (the default). `false` for reads; a function to choose what the record says (write it after
   * `handler`, so TypeScript infers `data` from the handler).
   */
  audit?: boolean | ((input: z.output<S>, data: NoInfer<D> | undefined) => AuditDetails);
  handler: (input: z.output<S>, ctx: ActionContext) => Promise<D>;
}

/** A refusal or failure a handler reports on purpose; `messageKey` is shown translated. */
export class ActionFailure extends Error {
  constructor(
    readonly code: string,
    readonly messageKey: MessageKey,
    readonly vars?: Record<string, string | number>,
    /** Field name → message key, shown next to the field. */
    readonly fields?: Record<string, MessageKey>,
    /** Qiniu's request id, when the failure is Qiniu's answer retold. */
    readonly reqId?: string,
  ) {
    super(code);
    this.name = "ActionFailure";
  }
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

function describeTargets(targets: Target[]): { bucket: string | null; target: string | null } {
  const buckets = [...new Set(targets.map((t) => t.bucket).filter((b): b is string => Boolean(b)))];
  const names = targets.map((t) => t.key ?? t.prefix).filter((n): n is string => n !== undefined);
  return {
    bucket: buckets.length === 1 ? buckets[0] : buckets.length > 1 ? buckets.join(",") : null,
    target: names.length === 1 ? names[0] : names.length > 1 ? `${names.length} items` : null,
  };
}

const QINIU_MESSAGES: Partial<Record<QiniuErrorCode, MessageKey>> = {
  unauthorized: "auth.errors.qiniu.unauthorized",
  forbidden: "auth.errors.qiniu.forbidden",
  not_found: "auth.errors.qiniu.notFound",
  no_such_bucket: "auth.errors.qiniu.noSuchBucket",
  file_exists: "auth.errors.qiniu.fileExists",
  rate_limited: "auth.errors.qiniu.rateLimited",
  timeout: "auth.errors.qiniu.unreachable",
  network: "auth.errors.qiniu.unreachable",
  server_error: "auth.errors.qiniu.serverError",
  too_large: "auth.errors.qiniu.tooLarge",
  callback_failed: "auth.errors.qiniu.callbackFailed",
  account_frozen: "auth.errors.qiniu.accountFrozen",
};

/** Any thrown error → a short, translated, safe message. Unknown errors are logged with a reference, never shown. */
export function toActionError(err: unknown, t: Translate, name: string): ActionError {
  if (err instanceof ActionFailure) {
    const fields = err.fields ? Object.fromEntries(Object.entries(err.fields).map(([k, key]) => [k, t(key, err.vars)])) : undefined;
    return { code: err.code, message: t(err.messageKey, err.vars), fields, reqId: err.reqId };
  }
  if (err instanceof QiniuInputError) {
    return { code: "invalid_input", message: t("auth.errors.invalidInputDetail", { detail: err.message }), fields: err.field ? { [err.field]: err.message } : undefined };
  }
  if (err instanceof QiniuError) {
    const key = QINIU_MESSAGES[err.code] ?? "auth.errors.qiniu.other";
    return { code: `qiniu.${err.code}`, message: t(key, { status: err.status }), reqId: err.reqId };
  }
  const ref = randomUUID().slice(0, 8);
  console.error(`[action ${name}] failed (ref ${ref}):`, err);
  return { code: "internal", message: t("auth.errors.internal", { ref }) };
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

type Where = { bucket: string | null; target: string | null };

/** Runs one action call through every step; `defineAction` binds it to the request. Exported for tests. */
export async function runAction<S extends z.ZodType, D>(def: ActionDefinition<S, D>, raw: unknown, env: ActionEnv): Promise<ActionResult<D>> {
  const audited = def.audit !== false;
  const { t, locale } = await env.translator();
  const user = await env.user();
  if (!user) return { ok: false, error: { code: "unauthorized", message: t("auth.errors.unauthorized") } };
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
  const denied = async (where: Where, params: Record<string, unknown>): Promise<ActionResult<D>> => {
    const error = { code: "forbidden", message: t("auth.errors.forbidden") };
    await record(where, params, "denied", error);
    return { ok: false, error };
  };

  if (def.permission !== "signed-in" && !roleHas(user.role, def.permission)) return denied({ bucket: null, target: null }, {});

  const parsed = def.input.safeParse(raw, { error: (locale === "en" ? z.locales.en() : z.locales.zhCN()).localeError });
  if (!parsed.success) return { ok: false, error: { code: "invalid_input", message: t("auth.errors.invalidInput"), fields: fieldErrors(parsed.error) } };
  const input = parsed.data as z.output<S>;

  let targets: Target[] | undefined;
  try {
    targets = def.target ? targetsOf(def.target(input)) : undefined;
  } catch (err) {
    return { ok: false, error: toActionError(err, t, def.name) };
  }
  const where = targets ? describeTargets(targets) : { bucket: null, target: null };
  const inputParams = input && typeof input === "object" && !Array.isArray(input) ? (input as Record<string, unknown>) : { input };
  if (def.permission !== "signed-in" && !can(user, def.permission, targets)) return denied(where, inputParams);

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

// ---- Route handlers ----

export interface RouteContext<P> {
  user: SessionUser;
  t: Translate;
  locale: Locale;
  params: P;
}

type RouteHandler<P> = (req: Request, ctx: RouteContext<P>) => Promise<Response>;

function jsonError(status: number, error: ActionError): Response {
  return Response.json({ ok: false, error } satisfies ActionResult<never>, { status, headers: { "Cache-Control": "no-store" } });
}

/**
 * Refuses state-changing requests from other sites. Next checks Origin for server actions itself, but not for route
 * handlers. A request without Origin and Sec-Fetch-Site is not from a browser page, so it carries no stolen cookie.
 * Reads (the CSV and log downloads) are answered to another site only as a top-level navigation, i.e. a link the user
 * followed: the answer lands in the user's own window or downloads folder. Another site's fetch, image or script
 * gets nothing, even where a cookie travels with it (the session cookie is SameSite=Lax, so normally it does not).
 */
export function isCrossSite(req: Request): boolean {
  const fromOtherSite = req.headers.get("sec-fetch-site") === "cross-site";
  if (req.method === "GET" || req.method === "HEAD" || req.method === "OPTIONS") return fromOtherSite && req.headers.get("sec-fetch-mode") !== "navigate";
  if (fromOtherSite) return true;
  const origin = req.headers.get("origin");
  if (!origin) return false;
  const host = req.headers.get("x-forwarded-host")?.split(",")[0]?.trim() || req.headers.get("host");
  try {
    return new URL(origin).host !== host;
  } catch {
    return true; // "null" or garbage
  }
}

/** What a signed-in user is answered depends on who they are: no cache keeps it unless the handler says otherwise. */
function privateAnswer(res: Response): Response {
  if (res.headers.has("cache-control")) return res;
  const headers = new Headers(res.headers);
  headers.set("Cache-Control", "no-store");
  return new Response(res.body, { status: res.status, statusText: res.statusText, headers });
}

/** Wraps a route handler: session, permission, same-origin for changes, and errors as JSON with a reference. */
export function withRoute<P = Record<string, string | string[]>>(
  opts: { permission: ActionPermission; name: string },
  handler: RouteHandler<P>,
): (req: Request, routeCtx: { params: Promise<P> }) => Promise<Response> {
  return async (req, routeCtx) => {
    const { t, locale } = await getTranslator();
    if (isCrossSite(req)) return jsonError(403, { code: "cross_site", message: t("auth.errors.crossSite") });
    const user = await getSessionUser();
    if (!user) return jsonError(401, { code: "unauthorized", message: t("auth.errors.unauthorized") });
    if (opts.permission !== "signed-in" && !roleHas(user.role, opts.permission)) {
      return jsonError(403, { code: "forbidden", message: t("auth.errors.forbidden") });
    }
    try {
      return privateAnswer(await handler(req, { user, t, locale, params: (await routeCtx?.params) ?? ({} as P) }));
    } catch (err) {
      unstable_rethrow(err);
      const error = toActionError(err, t, opts.name);
      return jsonError(error.code === "internal" ? 500 : error.code === "forbidden" ? 403 : error.code.startsWith("qiniu.") ? 502 : 400, error);
    }
  };
}

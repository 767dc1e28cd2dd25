import "server-only";
import { unstable_rethrow } from "next/navigation";
import type { z } from "zod";
import type { ActionError, ActionResult, Translate } from "@/lib/actions/result";
import type { Locale } from "@/lib/i18n/messages";
import { roleHas } from "@/lib/permissions";
import { withAbortSignal } from "@/lib/qiniu/abort-scope";
import { checkAccess, type AccessRule, type ActionPermission } from "@/server/actions/pipeline/access";
import { getSessionUser, type SessionUser } from "@/server/auth/session";
import { statusOf, toActionError } from "@/server/errors/error-table";
import { getTranslator } from "@/server/i18n";
import { isCrossSite } from "./cross-site";

// The guard of every route handler that needs a session: the same checks as server actions (session → role →
// input → scope, server/actions/pipeline/access.ts), errors as the same translated JSON `{ ok: false, error }` with
// Qiniu's request id and a fitting status (never a stack), and the request's signal around the handler so an
// aborted fetch aborts the Qiniu calls it started (lib/qiniu/abort-scope.ts). Reads are GET routes made by
// defineRoute and called with react-query; changes stay server actions (server/actions/pipeline/define-action.ts).

export interface RouteContext<P> {
  user: SessionUser;
  t: Translate;
  locale: Locale;
  params: P;
}

type RouteHandler<P> = (req: Request, ctx: RouteContext<P>) => Promise<Response>;
type NextRouteContext = { params: Promise<Record<string, string | string[]>> };

function jsonError(error: ActionError, status = statusOf(error)): Response {
  return Response.json({ ok: false, error } satisfies ActionResult<never>, { status, headers: { "Cache-Control": "no-store" } });
}

/** What a signed-in user is answered depends on who they are: no cache keeps it unless the handler says otherwise. */
function privateAnswer(res: Response): Response {
  if (res.headers.has("cache-control")) return res;
  const headers = new Headers(res.headers);
  headers.set("Cache-Control", "no-store");
  return new Response(res.body, { status: res.status, statusText: res.statusText, headers });
}

/** Wraps a route handler that reads its own request (downloads, streams): session, permission, same-origin for changes, errors as JSON. */
export function withRoute<P = Record<string, string | string[]>>(
  opts: { permission: ActionPermission; name: string },
  handler: RouteHandler<P>,
): (req: Request, routeCtx: { params: Promise<P> }) => Promise<Response> {
  return async (req, routeCtx) => {
    const { t, locale } = await getTranslator();
    if (isCrossSite(req)) return jsonError({ code: "cross_site", message: t("auth.errors.crossSite") });
    const user = await getSessionUser();
    if (!user) return jsonError({ code: "unauthorized", message: t("auth.errors.unauthorized") });
    if (user.mustEnrol2fa && opts.permission !== "signed-in") return jsonError({ code: "forbidden", message: t("auth.twoFactor.requiredFirst") });
    if (opts.permission !== "signed-in" && !roleHas(user.role, opts.permission)) {
      return jsonError({ code: "forbidden", message: t("auth.errors.forbidden") });
    }
    try {
      const params = (await routeCtx?.params) ?? ({} as P);
      return privateAnswer(await withAbortSignal(req.signal, () => handler(req, { user, t, locale, params })));
    } catch (err) {
      unstable_rethrow(err);
      return jsonError(toActionError(err, t, opts.name));
    }
  };
}

// ---- Typed reads: GET routes with a zod input ----

export interface ReadContext {
  user: SessionUser;
  t: Translate;
  locale: Locale;
  /** The browser request's signal (also ambient for Qiniu calls). */
  signal: AbortSignal;
}

export interface ReadDefinition<S extends z.ZodType, D> extends AccessRule<S> {
  handler: (input: z.output<S>, ctx: ReadContext) => Promise<D>;
  /** Cache-Control of a successful answer; default no-store. */
  cache?: string;
  /** Answer with something other than JSON (e.g. a redirect to a signed URL). */
  respond?: (data: D) => Response;
}

/**
 * The raw input of a GET route: the search parameters (a name given more than once, or ending in `[]`, becomes an
 * array) and the path parameters, which win. Numbers and booleans arrive as strings: schemas coerce them.
 */
export function searchInput(url: URL, params: Record<string, string | string[]> = {}): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  for (const name of new Set(url.searchParams.keys())) {
    const values = url.searchParams.getAll(name);
    if (name.endsWith("[]")) raw[name.slice(0, -2)] = values;
    else raw[name] = values.length > 1 ? values : values[0];
  }
  return { ...raw, ...params };
}

/** Where a read gets its request facts; tests pass their own. */
export interface RouteEnv {
  user(): Promise<SessionUser | null>;
  translator(): Promise<{ t: Translate; locale: Locale }>;
}

const requestEnv: RouteEnv = { user: getSessionUser, translator: getTranslator };

/** Answers one GET through every step; `defineRoute` binds it to Next's request. Exported for tests. */
export async function runRoute<S extends z.ZodType, D>(
  def: ReadDefinition<S, D>,
  req: Request,
  params: Record<string, string | string[]>,
  env: RouteEnv,
): Promise<Response> {
  const { t, locale } = await env.translator();
  if (isCrossSite(req)) return jsonError({ code: "cross_site", message: t("auth.errors.crossSite") });
  const user = await env.user();
  const access = checkAccess(def, searchInput(new URL(req.url), params), user, t, locale);
  if (!access.ok || !user) return jsonError(access.ok ? { code: "unauthorized", message: t("auth.errors.unauthorized") } : access.error);
  try {
    const data = await withAbortSignal(req.signal, () => def.handler(access.input, { user, t, locale, signal: req.signal }));
    if (def.respond) return privateAnswer(def.respond(data));
    return Response.json({ ok: true, data } satisfies ActionResult<D>, { headers: { "Cache-Control": def.cache ?? "no-store" } });
  } catch (err) {
    unstable_rethrow(err);
    // The browser left: nobody reads the answer, and it is no failure worth a log line.
    if (req.signal.aborted) return jsonError({ code: "aborted", message: t("codes.qiniu.network") });
    return jsonError(toActionError(err, t, def.name));
  }
}

/** A guarded GET route handler: `export const GET = defineRoute({ name, input, permission, target, handler })`. */
export function defineRoute<S extends z.ZodType, D>(def: ReadDefinition<S, D>): (req: Request, ctx: NextRouteContext) => Promise<Response> {
  return async (req, ctx) => runRoute(def, req, (await ctx?.params) ?? {}, requestEnv);
}

/** The same read for a server component's first render: the same checks and errors, as an ActionResult. */
export async function readOnServer<S extends z.ZodType, D>(def: ReadDefinition<S, D>, raw: z.input<S>): Promise<ActionResult<D>> {
  const { t, locale } = await requestEnv.translator();
  const user = await requestEnv.user();
  const access = checkAccess(def, raw, user, t, locale);
  if (!access.ok || !user) return { ok: false, error: access.ok ? { code: "unauthorized", message: t("auth.errors.unauthorized") } : access.error };
  try {
    return { ok: true, data: await def.handler(access.input, { user, t, locale, signal: new AbortController().signal }) };
  } catch (err) {
    unstable_rethrow(err);
    return { ok: false, error: toActionError(err, t, def.name) };
  }
}

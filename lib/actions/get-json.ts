// The browser's side of a guarded GET route (server/http/route-guard.ts): builds the query string the route's
// searchInput() reads back, passes react-query's signal (leaving the page cancels the Qiniu call behind it), and
// turns `{ ok: false, error }` into a ResultError.
import { ResultError, type ActionResult } from "./result";

export type QueryValue = string | number | boolean | null | undefined | readonly string[];

/** `?a=1&keys[]=x&keys[]=y`: arrays always carry `[]`, so one element still arrives as an array; empty values are left out. */
export function routeUrl(path: string, query: Record<string, QueryValue> = {}): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) for (const v of value) params.append(`${name}[]`, v);
    else params.set(name, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

export async function getJson<T>(path: string, query?: Record<string, QueryValue>, signal?: AbortSignal): Promise<T> {
  let res: Response;
  try {
    res = await fetch(routeUrl(path, query), { signal, headers: { Accept: "application/json" }, cache: "no-store" });
  } catch (err) {
    if (signal?.aborted) throw err;
    throw new ResultError({ code: "network", message: "" }, 0);
  }
  let body: ActionResult<T> | undefined;
  try {
    body = (await res.json()) as ActionResult<T>;
  } catch {
    body = undefined;
  }
  if (body && typeof body === "object" && "ok" in body) {
    if (body.ok) return body.data;
    throw new ResultError(body.error, res.status);
  }
  throw new ResultError({ code: res.ok ? "bad_response" : "internal", message: "" }, res.status);
}

// Calls the console's guarded GET reads (server/http/route-guard.ts) the way the browser does (lib/actions/get-json.ts).
import type { APIRequestContext } from "@playwright/test";
import { routeUrl, type QueryValue } from "@/lib/actions/get-json";

export interface RouteResult<T = unknown> {
  ok: boolean;
  data?: T;
  error?: { code: string; message: string; reqId?: string; fields?: Record<string, string>; timeoutMs?: number };
}

export async function getRoute<T = unknown>(
  ctx: APIRequestContext,
  base: string,
  path: string,
  query: Record<string, QueryValue> = {},
): Promise<RouteResult<T> & { status: number }> {
  const res = await ctx.get(`${base}${routeUrl(path, query)}`);
  return { status: res.status(), ...((await res.json()) as RouteResult<T>) };
}

/** The old read actions, by name, as their GET routes (tests that once called the actions). */
export function readPath(name: "objects" | "object" | "thumbnails" | "preview" | "prefix-stats", bucket: string): string {
  return `/api/buckets/${encodeURIComponent(bucket)}/${name}`;
}

// Calling server actions over HTTP exactly as the browser does: POST to a page that uses the action, with the
// `Next-Action` header carrying the action id from the build's server-reference manifest and the arguments encoded as
// React's encodeReply does for plain JSON values (a JSON array, text/plain). The answer is a React Flight stream.
import { readFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import path from "node:path";
import type { APIRequestContext } from "@playwright/test";
import type { CatalogEntry } from "./action-catalog";

export interface BuiltAction {
  id: string;
  filename: string;
  exportedName: string;
  /** A page path that bundles this action. */
  page: string;
}

const root = path.resolve(__dirname, "../..");

/** "app/(console)/buckets/[bucket]/page" → "/buckets/x" (route groups dropped, dynamic segments filled in). */
export function pagePathOf(worker: string): string {
  const segments = worker
    .replace(/^app\//, "")
    .replace(/\/?page$/, "")
    .split("/")
    .filter((s) => s && !/^\(.*\)$/.test(s) && !s.startsWith("@"))
    .map((s) => (s.startsWith("[") ? "x" : s));
  return `/${segments.join("/")}`;
}

export function builtActions(distDir = process.env.NEXT_DIST_DIR || ".next"): BuiltAction[] {
  const file = path.join(root, distDir, "server", "server-reference-manifest.json");
  const manifest = JSON.parse(readFileSync(file, "utf8")) as {
    node: Record<string, { workers: Record<string, unknown>; filename?: string; exportedName?: string }>;
  };
  return Object.entries(manifest.node).map(([id, entry]) => {
    const workers = Object.keys(entry.workers).filter((w) => w.endsWith("/page"));
    return { id, filename: entry.filename ?? "?", exportedName: entry.exportedName ?? "?", page: pagePathOf(workers[0] ?? Object.keys(entry.workers)[0]) };
  });
}

/** The catalog of wrapped actions, read by a child Node process (server modules cannot load inside Playwright). */
export function actionCatalogFromSource(): CatalogEntry[] {
  const run = spawnSync(process.execPath, ["--require", "./test/support/server-only-hook.cjs", "--import", "tsx", "test/support/print-action-catalog.ts"], {
    cwd: root,
    encoding: "utf8",
    maxBuffer: 16 * 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(`reading the action catalog failed:\n${run.stderr}`);
  return JSON.parse(run.stdout.trim().split("\n").pop()!) as CatalogEntry[];
}

/** Row `id:json` lines of a Flight response; the action's return value is the row row 0's `a` field points at. */
export function parseActionResponse(text: string): unknown {
  const rows = new Map<string, string>();
  for (const line of text.split("\n")) {
    const m = /^([0-9a-f]+):(.*)$/.exec(line);
    if (m) rows.set(m[1], m[2]);
  }
  const head = rows.get("0");
  if (!head) throw new Error(`not a Flight response: ${text.slice(0, 200)}`);
  const ref = (JSON.parse(head) as { a?: unknown }).a;
  if (typeof ref === "string" && ref.startsWith("$@")) {
    const row = rows.get(ref.slice(2));
    if (row === undefined) throw new Error(`action result row ${ref} missing: ${text.slice(0, 300)}`);
    return JSON.parse(row);
  }
  return ref;
}

export interface ActionCall {
  status: number;
  result?: unknown;
  body: string;
}

export async function callAction(
  request: APIRequestContext,
  baseUrl: string,
  action: Pick<BuiltAction, "id" | "page">,
  args: unknown[],
  headers: Record<string, string> = {},
): Promise<ActionCall> {
  const res = await request.post(`${baseUrl}${action.page}`, {
    headers: { "Next-Action": action.id, "Content-Type": "text/plain;charset=UTF-8", Accept: "text/x-component", Origin: baseUrl, ...headers },
    data: JSON.stringify(args),
    maxRedirects: 0,
  });
  const body = await res.text();
  let result: unknown;
  try {
    result = parseActionResponse(body);
  } catch {
    result = undefined;
  }
  return { status: res.status(), result, body };
}

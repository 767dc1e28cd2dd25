import "server-only";
import { getDb } from "@/server/db";
import { getQiniu } from "@/server/qiniu";
import { handleNotification, type PfopDeps } from "./service";

// POST /api/qiniu/pfop-notify: the prefop JSON of a finished job (a few KiB). No session: Qiniu calls it.
const MAX_BODY_BYTES = 256 * 1024;

function json(status: number, body: unknown): Response {
  return Response.json(body, { status, headers: { "Cache-Control": "no-store" } });
}

export async function handlePfopNotifyRequest(req: Request, deps?: Partial<PfopDeps>): Promise<Response> {
  if (Number(req.headers.get("content-length") ?? 0) > MAX_BODY_BYTES) return json(413, { error: "body too large" });
  const text = await req.text();
  if (text.length > MAX_BODY_BYTES) return json(413, { error: "body too large" });
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return json(400, { error: "body is not JSON" });
  }
  const outcome = await handleNotification({ db: deps?.db ?? getDb(), client: deps?.client ?? getQiniu() }, body);
  return json(outcome.status, outcome.status === 200 ? { ok: true } : { error: outcome.error });
}

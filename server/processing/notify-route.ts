import "server-only";
import { getDb } from "@/server/db";
import { readTextWithin, UNAUTHENTICATED_BODY_LIMIT } from "@/server/http/read-body";
import { getQiniu } from "@/server/qiniu";
import { handleNotification, type PfopDeps } from "./service";

// POST /api/qiniu/pfop-notify: the prefop JSON of a finished job (a few KiB). No session: Qiniu calls it. Only its id
// is used (the status is read back from Qiniu), so a notification past the cap loses nothing that refreshing the job does not fetch.

function json(status: number, body: unknown): Response {
  return Response.json(body, { status, headers: { "Cache-Control": "no-store" } });
}

export async function handlePfopNotifyRequest(req: Request, deps?: Partial<PfopDeps>): Promise<Response> {
  const text = await readTextWithin(req, UNAUTHENTICATED_BODY_LIMIT);
  if (text === null) return json(413, { error: "body too large" });
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return json(400, { error: "body is not JSON" });
  }
  const outcome = await handleNotification({ db: deps?.db ?? getDb(), client: deps?.client ?? getQiniu() }, body);
  return json(outcome.status, outcome.status === 200 ? { ok: true } : { error: outcome.error });
}

import "server-only";
import { verifyCallback, type Credentials } from "@/lib/qiniu/auth";
import { CALLBACK_GRACE_SECONDS, parseCallbackBody, type CallbackResult } from "@/lib/upload/callback-fields";
import { recordAudit } from "@/server/audit";
import { requestClientIp } from "@/server/auth/client-ip";
import { findUserById } from "@/server/auth/users";
import { getDb, type Queryable } from "@/server/db";
import { importUploadJobs } from "@/server/pfop/jobs-store";
import { getCredentials } from "@/server/qiniu";
import { recordUpload } from "./records";

// The upload callback (qiniu-protocol.md §5): Qiniu POSTs the rendered callbackBody, signed with our keys, after it
// stored a file and before it answers the browser; our JSON answer is passed through to the browser as the upload
// result. Nobody else can produce a valid signature, so a forged or altered callback records nothing.

/** Callback bodies are a few hundred bytes; anything much larger is not from our template. */
const MAX_BODY_BYTES = 64 * 1024;

export interface CallbackDeps {
  creds: Credentials;
  db: Queryable;
  /** Runs after an upload that started a processing job is recorded (default: the Processing page's job import). */
  afterRecord?: (db: Queryable) => Promise<void>;
  /** The clock (unix ms), for tests. */
  now?: () => number;
  /** The caller's address for the audit record (default: the request's client address per CONSOLE_TRUSTED_PROXY). */
  clientIp?: (headers: Headers) => Promise<string | null>;
}

function json(status: number, body: unknown): Response {
  return Response.json(body, { status, headers: { "Cache-Control": "no-store" } });
}


export async function handleUploadCallback(req: Request, deps?: Partial<CallbackDeps>): Promise<Response> {
  const clientIp = (r: Request) => (deps?.clientIp ?? requestClientIp)(r.headers);
  const creds = deps?.creds ?? getCredentials();
  const db = deps?.db ?? getDb();
  const length = Number(req.headers.get("content-length") ?? 0);
  if (length > MAX_BODY_BYTES) return json(413, { error: "callback body too large" });
  const body = await req.text();
  if (body.length > MAX_BODY_BYTES) return json(413, { error: "callback body too large" });

  const contentType = (req.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  const authorization = req.headers.get("authorization");
  const valid = verifyCallback(creds, { authorization, url: req.url, body, method: req.method, contentType, headers: req.headers });
  if (!valid) {
    await recordAudit(
      {
        actor: { email: "qiniu-callback" },
        action: "upload.callback",
        target: null,
        params: { scheme: authorization?.split(" ")[0] ?? null, bytes: body.length },
        outcome: "denied",
        errorCode: "bad_signature",
        ip: await clientIp(req),
      },
      db,
    ).catch((err) => console.error("[upload callback] could not audit a refused callback:", err));
    return json(401, { error: "invalid callback signature" });
  }

  const fields = parseCallbackBody(body);
  if (!fields) return json(400, { error: "the callback body lacks required fields" });
  // The signature proves Qiniu sent this body once; the sealed deadline and host stop it being replayed later or
  // delivered to another console that shares the keys (lib/upload/callback-fields.ts, sealCallbackBody).
  const nowSeconds = Math.floor((deps?.now ?? Date.now)() / 1000);
  const refusal =
    nowSeconds > fields.deadline + CALLBACK_GRACE_SECONDS ? "callback_expired" : fields.host !== (req.headers.get("host") ?? new URL(req.url).host) ? "callback_wrong_host" : null;
  if (refusal) {
    await recordAudit(
      { actor: { email: "qiniu-callback" }, action: "upload.callback", bucket: fields.bucket, target: fields.key, params: { host: fields.host }, outcome: "denied", errorCode: refusal, ip: await clientIp(req) },
      db,
    ).catch((err) => console.error("[upload callback] could not audit a refused callback:", err));
    return json(403, { error: refusal === "callback_expired" ? "the callback arrived after its upload token expired" : "the callback was meant for another host" });
  }

  const user = fields.endUser ? await findUserById(db, fields.endUser) : null;
  const recorded = await recordUpload(
    {
      userId: fields.endUser || null,
      userEmail: user?.email ?? null,
      bucket: fields.bucket,
      key: fields.key,
      hash: fields.hash,
      fsize: fields.fsize,
      mimeType: fields.mimeType,
      fname: fields.fname,
      relativePath: fields.relativePath,
      batchId: fields.batch,
      overwrite: fields.overwrite,
      persistentId: fields.persistentId || null,
      source: "callback",
    },
    db,
  );
  if (recorded.inserted) {
    await recordAudit(
      {
        actor: { id: user?.id ?? null, email: user?.email ?? `user:${fields.endUser || "unknown"}`, role: user?.role ?? null },
        action: "upload.complete",
        bucket: fields.bucket,
        target: fields.key,
        params: {
          hash: fields.hash,
          fsize: fields.fsize,
          mimeType: fields.mimeType,
          overwrite: fields.overwrite,
          batchId: fields.batch,
          persistentId: fields.persistentId || null,
          via: "callback",
        },
        outcome: "ok",
        ip: await clientIp(req),
      },
      db,
    );
    if (fields.persistentId) {
      // The job is known from the uploads row; importing it now makes it appear on the Processing page at once.
      await (deps?.afterRecord ?? importUploadJobs)(db).catch((err) => console.error("[upload callback] could not register the processing job:", err));
    }
  }
  const result: CallbackResult = {
    recorded: true,
    uploadId: recorded.id,
    key: fields.key,
    hash: fields.hash,
    fsize: fields.fsize,
    mimeType: fields.mimeType,
    bucket: fields.bucket,
    ...(fields.persistentId ? { persistentId: fields.persistentId } : {}),
    recordedAt: recorded.createdAt.toISOString(),
  };
  return json(200, result);
}

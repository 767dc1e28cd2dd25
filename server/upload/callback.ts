import "server-only";
import { verifyCallback, type Credentials } from "@/lib/qiniu/auth";
import { FORM_CONTENT_TYPE } from "@/lib/qiniu/signing-strings";
import { CALLBACK_GRACE_SECONDS, parseCallbackBody, type CallbackResult } from "@/lib/upload/callback-fields";
import { recordAudit } from "@/server/audit/log";
import { requestClientIp } from "@/server/auth/client-ip";
import { readTextWithin, UNAUTHENTICATED_BODY_LIMIT } from "@/server/http/read-body";
import { findUserById } from "@/server/auth/users";
import { getDb, type Queryable } from "@/server/db";
import { importUploadJobs } from "@/server/processing/jobs-store";
import { getCredentials } from "@/server/qiniu";
import { recordUpload } from "./records";

// The upload callback (docs/qiniu-protocol.md §5): Qiniu POSTs the rendered callbackBody, signed with our keys, after it
// stored a file and before it answers the browser; our JSON answer is passed through to the browser as the upload
// result. Nobody else can produce a valid signature, so a forged or altered callback records nothing.

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
  const refused = async (errorCode: string, details: { bucket?: string; target?: string; params: Record<string, unknown> }) =>
    recordAudit(
      {
        actor: { email: "qiniu-callback" },
        action: "upload.callback",
        bucket: details.bucket,
        target: details.target ?? null,
        params: details.params,
        outcome: "denied",
        errorCode,
        ip: await clientIp(req),
      },
      db,
    ).catch((err) => console.error("[upload callback] could not audit a refused callback:", err));

  const authorization = req.headers.get("authorization");
  const scheme = authorization?.split(" ")[0].slice(0, 20) ?? null;
  const contentType = (req.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  if (contentType !== FORM_CONTENT_TYPE) {
    // A QBox signature covers the body only when it is form-encoded (docs/qiniu-protocol.md §5): for any other type it is
    // one fixed value per path, valid with every body. Our tokens always ask for form bodies (CALLBACK_BODY_TYPE), so
    // a callback of another type is not ours, whatever its signature. A Qiniu (v2) signature would cover a JSON body
    // too, but no callback of ours is JSON, so the body is not even read.
    await req.body?.cancel().catch(() => undefined);
    await refused("unsigned_body_type", { params: { scheme, contentType: contentType.slice(0, 100) || null } });
    return json(415, { error: "callback bodies must be application/x-www-form-urlencoded" });
  }
  const body = await readTextWithin(req, UNAUTHENTICATED_BODY_LIMIT);
  if (body === null) return json(413, { error: "callback body too large" });

  const valid = verifyCallback(creds, { authorization, url: req.url, body, method: req.method, contentType, headers: req.headers });
  if (!valid) {
    await refused("bad_signature", { params: { scheme, bytes: body.length } });
    return json(401, { error: "invalid callback signature" });
  }

  const fields = parseCallbackBody(body);
  if (!fields) return json(400, { error: "the callback body lacks required fields" });
  // The signature proves Qiniu sent this body once; the sealed deadline and host stop it being replayed later or
  // delivered to another console that shares the keys (lib/upload/callback-fields.ts, sealCallbackBody).
  const nowSeconds = Math.floor((deps?.now ?? Date.now)() / 1000);
  const refusal =
    nowSeconds > fields.deadline + CALLBACK_GRACE_SECONDS
      ? "callback_expired"
      : fields.host !== (req.headers.get("host") ?? new URL(req.url).host)
        ? "callback_wrong_host"
        : null;
  if (refusal) {
    await refused(refusal, { bucket: fields.bucket, target: fields.key, params: { host: fields.host } });
    return json(403, {
      error: refusal === "callback_expired" ? "the callback arrived after its upload token expired" : "the callback was meant for another host",
    });
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

// Completes an upload (form, v1 mkfile, v2 complete) under its put policy (docs/qiniu-protocol.md §2, §5, §7):
// deadline, key resolution (saveKey/forceSaveKey), scope/prefix/keylimit, sizes, MIME rules, insert-only semantics,
// then stores the object, queues persistentOps, runs the callback and renders the answer.
import { splitFops } from "@/lib/processing/fop-syntax";
import { urlsafeBase64Encode } from "@/lib/qiniu/base64";
import { parseScope } from "@/lib/qiniu/policy";
import { checkDeadline, type VerifiedUploadToken } from "./auth";
import { runCallback } from "./callback";
import { applyRules } from "./lifecycle-rules";
import type { Core } from "./core";
import { badRequest, forbidden, noSuchBucket, QiniuHttpError } from "./http";
import { modeFor, renderTemplate } from "./magic-vars";
import { detectMime, mimeAllowed } from "./mime-detect";
import { checkObjectKey } from "./records";
import { UploadVars } from "./upload-vars";

export interface ReceivedUpload {
  token: VerifiedUploadToken;
  kind: "form" | "resumable";
  /** undefined when the client sent no key. */
  clientKey?: string;
  fname: string;
  clientMime?: string;
  customVars: Record<string, string>;
  meta: Record<string, string>;
  tmpPath: string;
  digest: { size: number; etag: string; md5: string };
  parts?: number[];
}

export interface UploadAnswer {
  status: number;
  body: string;
  headers?: Record<string, string>;
}

const FORM = "application/x-www-form-urlencoded";

function checkPolicyShape(up: ReceivedUpload): void {
  const p = up.token.policy;
  if (p.callbackUrl && !p.callbackBody) throw badRequest("callbackBody is required when callbackUrl is set");
  if (p.fileType !== undefined && ![0, 1, 2, 3, 4, 5].includes(p.fileType)) throw badRequest("invalid fileType");
  if (p.keylimit !== undefined && (!Array.isArray(p.keylimit) || p.keylimit.length > 20)) throw badRequest("invalid keylimit");
  if (p.deleteAfterDays !== undefined && (!Number.isInteger(p.deleteAfterDays) || p.deleteAfterDays < 0)) throw badRequest("invalid deleteAfterDays");
  // Refused like `workflowTemplateID` on /pfop (pfop/handler.ts): the emulator has no workflow templates, and a
  // silently ignored template would look like a job that never ran. Checked before anything is stored.
  if (p.persistentWorkflowTemplateID) throw badRequest("invalid argument: persistentWorkflowTemplateID is not supported by the emulator; use persistentOps");
  // Checked before storing: the pfop engine refuses an empty fop list, and the object must not be stored then.
  if (p.persistentOps && splitFops(p.persistentOps).length === 0) throw badRequest("invalid persistentOps");
}

async function resolveMime(up: ReceivedUpload): Promise<string> {
  const client = up.clientMime?.split(";")[0].trim();
  if (up.token.policy.detectMime !== 1 && client && client !== "application/octet-stream") return client;
  return detectMime(up.tmpPath, up.fname);
}

function checkKey(up: ReceivedUpload, key: string): void {
  const { policy } = up.token;
  checkObjectKey(key);
  const scope = parseScope(policy.scope);
  if (scope.key !== undefined) {
    const ok = policy.isPrefixalScope === 1 ? key.startsWith(scope.key) : key === scope.key;
    if (!ok) throw forbidden("key doesn't match with scope");
  }
  if (policy.keylimit && policy.keylimit.length > 0 && !policy.keylimit.includes(key)) throw forbidden("key not in keylimit");
}

/**
 * The bucket's quota (setbucketquota): the stored bytes after this upload, and the object count when it adds a key.
 * The answer's status and text are not published by Qiniu; 403 is what comparable services answer.
 */
function checkQuota(core: Core, bucket: string, key: string, size: number): void {
  const quota = core.buckets.settings.get(bucket, "quota");
  if (quota.size < 0 && quota.count < 0) return;
  const usage = core.buckets.usage(bucket);
  const existing = core.store.record(bucket, key);
  if (quota.size >= 0 && usage.size - (existing?.fsize ?? 0) + size > quota.size) throw forbidden("bucket quota exceeded: storage size");
  if (quota.count >= 0 && !existing && usage.count + 1 > quota.count) throw forbidden("bucket quota exceeded: file count");
}

export async function completeUpload(core: Core, up: ReceivedUpload): Promise<UploadAnswer> {
  const { policy, accessKey, secretKey } = up.token;
  const now = core.now();
  checkDeadline(policy, now);
  checkPolicyShape(up);
  const { bucket, key: scopeKey } = parseScope(policy.scope);
  if (!core.store.bucketExists(bucket)) throw noSuchBucket();

  const size = up.digest.size;
  if (policy.fsizeLimit !== undefined && policy.fsizeLimit >= 0 && size > policy.fsizeLimit) {
    throw new QiniuHttpError(413, "file size exceeds fsizeLimit");
  }
  if (policy.fsizeMin !== undefined && size < policy.fsizeMin) throw badRequest("file size is smaller than fsizeMin");

  const vars = new UploadVars({
    bucket,
    hash: up.digest.etag,
    fname: up.fname,
    fsize: size,
    filePath: up.tmpPath,
    endUser: policy.endUser,
    customVars: up.customVars,
    now: new Date(now),
  });
  vars.mimeType = await resolveMime(up);
  if (policy.mimeLimit && !mimeAllowed(policy.mimeLimit, vars.mimeType)) throw forbidden("file type is not allowed by mimeLimit");
  await vars.prepare([policy.saveKey, policy.returnBody, policy.callbackBody]);

  let key: string;
  if (policy.saveKey && (policy.forceSaveKey || up.clientKey === undefined)) key = renderTemplate(policy.saveKey, vars.lookup, "text");
  else key = up.clientKey ?? up.digest.etag;
  checkKey(up, key);
  vars.key = key;

  checkQuota(core, bucket, key, size);

  // Form uploads with a bucket-wide scope are insert-only; insertOnly forces that everywhere (§2 scope).
  const insertOnly = !!policy.insertOnly || (up.kind === "form" && scopeKey === undefined);
  const stored = await core.store.putFile(bucket, key, up.tmpPath, {
    digest: up.digest,
    parts: up.parts,
    mimeType: vars.mimeType,
    overwrite: !insertOnly,
    endUser: policy.endUser,
    meta: up.meta,
    type: policy.fileType,
    deleteAfterDays: policy.deleteAfterDays,
  });

  // The bucket's lifecycle rules date the new object from its put time (where the policy set no date itself).
  applyRules(core.db, core.dayMs, bucket, core.buckets.settings.get(bucket, "lifecycle"), key);

  if (policy.persistentOps) {
    vars.persistentId = core.pfop.submit({
      bucket,
      key,
      fops: policy.persistentOps,
      notifyURL: policy.persistentNotifyUrl,
      pipeline: policy.persistentPipeline,
      type: policy.persistentType,
      from: "upload",
    });
  }

  if (policy.callbackUrl) {
    const bodyType = policy.callbackBodyType || FORM;
    const body = renderTemplate(policy.callbackBody ?? "", vars.lookup, modeFor(policy.callbackBody ?? "", bodyType));
    const outcome = await runCallback({
      urls: policy.callbackUrl
        .split(";")
        .map((u) => u.trim())
        .filter(Boolean),
      host: policy.callbackHost,
      body,
      bodyType,
      accessKey,
      secretKey,
      timeoutMs: core.options.callbackTimeoutMs,
      policy: core.outbound.callbacks,
    });
    if (outcome.ok) return { status: 200, body: outcome.body };
    // 579: stored, callback failed. Body shape observed from real Qiniu (docs/qiniu-protocol.md §5).
    const detail = {
      callback_url: outcome.url,
      callback_bodyType: bodyType,
      callback_body: body,
      token: "",
      err_code: outcome.errCode,
      error: outcome.error,
      hash: stored.hash,
      key,
    };
    return { status: 579, body: JSON.stringify({ error: JSON.stringify(detail) }) };
  }

  let body: string;
  if (policy.returnBody !== undefined) {
    body = renderTemplate(policy.returnBody, vars.lookup, modeFor(policy.returnBody));
  } else {
    // Qiniu's default answer echoes the custom variables (nodejs-sdk test/form_up.test.js putFileWithCustomerData);
    // x-qn-meta-* metadata is not echoed.
    const plain: Record<string, string> = { hash: stored.hash, key, ...up.customVars };
    if (vars.persistentId) plain.persistentId = vars.persistentId;
    body = JSON.stringify(plain);
  }
  if (up.kind === "form" && policy.returnUrl) {
    const sep = policy.returnUrl.includes("?") ? "&" : "?";
    return { status: 303, body: "", headers: { Location: `${policy.returnUrl}${sep}upload_ret=${urlsafeBase64Encode(body)}` } };
  }
  return { status: 200, body };
}

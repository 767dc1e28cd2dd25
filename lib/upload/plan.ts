// What one browser upload may do, decided before a token is signed: the key, the put policy and its lifetime.
// Pure (no secret) so the scoping rules are unit-tested directly; server/upload/tokens.ts signs the result.
import { can, type Principal } from "@/lib/permissions";
import type { PutPolicy } from "@/lib/qiniu/policy";
import type { StorageClass } from "@/lib/buckets/storage-class";
import { buildObjectKey, type KeyProblem } from "./keys";
import { checkLimits, effectiveMimeType, type LimitProblem, type UploadLimits } from "./limits";
import { presetApplies, presetOutputKey, presetPersistentOps, type PresetId } from "./presets";
import { callbackBodyTemplate, CALLBACK_BODY_TYPE, RETURN_BODY } from "./callback-fields";

export interface Uploader extends Principal {
  id: string;
  email: string;
}

export interface UploadTarget {
  bucket: string;
  prefix: string;
  /** The user asked to replace existing objects. */
  overwrite: boolean;
  preset?: PresetId;
  /** The put policy's fileType: the object is stored in this class from the start (0 standard when absent). */
  fileType?: StorageClass;
  /** Groups one page session's uploads in the records. */
  batchId: string;
}

export interface FileToUpload {
  /** Path relative to what was dropped or picked (`dir/a.png`), or the bare file name. */
  relativePath: string;
  size: number;
  /** The browser's type; "" when unknown. */
  mimeType: string;
}

export interface PlanContext {
  limits: UploadLimits;
  /** `${publicUrl}/api/qiniu/callback`, or undefined when Qiniu cannot reach the console. */
  callbackUrl?: string;
  /** `${publicUrl}/api/qiniu/pfop-notify`, or undefined when unreachable. */
  persistentNotifyUrl?: string;
}

export type PlanProblem = KeyProblem | LimitProblem | "outOfScope";

export type FilePlan =
  | {
      ok: true;
      key: string;
      policy: Omit<PutPolicy, "deadline">;
      /** Token lifetime in seconds. */
      expiresIn: number;
      /** Overwrite was asked for and allowed (the token then lets the upload replace an existing object). */
      overwrite: boolean;
      /** Overwrite was asked for but the user may not replace objects here: the token is insert-only. */
      overwriteDenied: boolean;
      /** The preset's output key, when it applies to this file. */
      presetOutput?: string;
    }
  | { ok: false; problem: PlanProblem; key?: string };

/** Base lifetime of an upload token; the page asks for a fresh one when it expires (pause, reload, slow link). */
export const TOKEN_BASE_SECONDS = 10 * 60;
/** Plus the time the file takes at this pessimistic speed, so one large file normally needs one token. */
const SLOW_LINK_BYTES_PER_SECOND = 1024 * 1024;
export const TOKEN_MAX_SECONDS = 6 * 3600;

export function tokenLifetimeSeconds(size: number): number {
  return Math.min(TOKEN_MAX_SECONDS, TOKEN_BASE_SECONDS + Math.ceil(size / SLOW_LINK_BYTES_PER_SECOND));
}

/** Replacing an object destroys its old content, so it needs the delete right on that key as well as upload. */
export function mayOverwrite(user: Principal, bucket: string, key: string): boolean {
  return can(user, "objects.delete", { bucket, key });
}

export function planUpload(user: Uploader, target: UploadTarget, file: FileToUpload, ctx: PlanContext): FilePlan {
  const built = buildObjectKey(target.prefix, file.relativePath);
  if (!built.ok) return { ok: false, problem: built.problem };
  const { key } = built;
  if (!can(user, "upload.write", { bucket: target.bucket, key })) return { ok: false, problem: "outOfScope", key };
  const mimeType = effectiveMimeType(file.mimeType);
  const limitProblem = checkLimits(ctx.limits, { size: file.size, mimeType });
  if (limitProblem) return { ok: false, problem: limitProblem, key };

  const overwrite = target.overwrite && mayOverwrite(user, target.bucket, key);
  const policy: Omit<PutPolicy, "deadline"> = {
    // One exact key: the token cannot write anything else, whatever the browser sends (a mismatch gets 403).
    scope: `${target.bucket}:${key}`,
    insertOnly: overwrite ? 0 : 1,
    endUser: user.id,
    fsizeLimit: ctx.limits.maxFileBytes,
    // Only a non-standard class is written: a token without fileType stores standard, as every SDK's default.
    ...(target.fileType ? { fileType: target.fileType } : {}),
    ...(ctx.limits.mimeLimit !== undefined ? { mimeLimit: ctx.limits.mimeLimit } : {}),
  };
  if (ctx.callbackUrl) {
    policy.callbackUrl = ctx.callbackUrl;
    policy.callbackBody = callbackBodyTemplate({ batchId: target.batchId, userId: user.id, overwrite });
    policy.callbackBodyType = CALLBACK_BODY_TYPE;
  } else {
    policy.returnBody = RETURN_BODY;
  }

  let presetOutput: string | undefined;
  if (target.preset && presetApplies(target.preset, mimeType) && can(user, "pfop.submit", { bucket: target.bucket, key })) {
    const output = presetOutputKey(target.preset, key);
    // Outputs land next to the source; still check, a scope may end exactly at the source key.
    if (buildObjectKey("", output).ok && can(user, "upload.write", { bucket: target.bucket, key: output })) {
      presetOutput = output;
      policy.persistentOps = presetPersistentOps(target.preset, target.bucket, key);
      if (ctx.persistentNotifyUrl) policy.persistentNotifyUrl = ctx.persistentNotifyUrl;
    }
  }

  return {
    ok: true,
    key,
    policy,
    expiresIn: tokenLifetimeSeconds(file.size),
    overwrite,
    overwriteDenied: target.overwrite && !overwrite,
    ...(presetOutput ? { presetOutput } : {}),
  };
}

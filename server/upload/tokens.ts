import "server-only";
import { signUploadToken } from "@/lib/qiniu/auth";
import { statOp } from "@/lib/qiniu/ops";
import { objectUrl } from "@/lib/qiniu/urls";
import { bucketFacts } from "@/server/buckets/bucket-facts";
import { planUpload, type FilePlan, type Uploader } from "@/lib/upload/plan";
import { sealCallbackBody } from "@/lib/upload/callback-fields";
import { ROLE_UPLOAD_LIMITS } from "@/lib/upload/limits";
import type { IssuedToken, TokenRequestFile } from "@/lib/upload/token-contract";
import { getCredentials, getQiniu, upHostsFor } from "@/server/qiniu";
import { uploadSettings } from "./settings";

// Signs one upload token per file (the rules are in lib/upload/plan.ts). Many files per call: the page asks for
// tokens in batches so thousands of small files do not each wait for a round trip.

export interface IssueOptions {
  now?: () => number;
  /** Whether overwritten keys held an object (for the CDN refresh offer); one batch stat for all of them. */
  checkExisting?: (objects: { bucket: string; key: string }[]) => Promise<boolean[]>;
}

async function existingObjects(objects: { bucket: string; key: string }[]): Promise<boolean[]> {
  if (objects.length === 0) return [];
  const results = await getQiniu().batch(objects.map((o) => statOp(o.bucket, o.key)));
  return results.map((r) => r.code === 200);
}

/** Each bucket's first download domain (where its CDN serves it); a bucket without one is left out. */
async function firstDomains(buckets: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const b of buckets) {
    const facts = await bucketFacts(getQiniu(), b).catch(() => null);
    if (facts?.domains[0]) out.set(b, facts.domains[0]);
  }
  return out;
}

export async function issueUploadTokens(user: Uploader, batchId: string, files: TokenRequestFile[], opts: IssueOptions = {}): Promise<IssuedToken[]> {
  const settings = uploadSettings();
  const ctx = { limits: ROLE_UPLOAD_LIMITS[user.role], callbackUrl: settings.callbackUrl, persistentNotifyUrl: settings.persistentNotifyUrl };
  const plans: FilePlan[] = files.map((f) =>
    planUpload(user, { bucket: f.bucket, prefix: f.prefix, overwrite: f.overwrite, preset: f.preset, fileType: f.fileType, batchId }, f, ctx),
  );

  const overwriting = plans.flatMap((p, i) => (p.ok && p.overwrite ? [{ index: i, bucket: files[i].bucket, key: p.key }] : []));
  let existed: boolean[] = [];
  try {
    existed = await (opts.checkExisting ?? existingObjects)(overwriting);
  } catch {
    // Only the CDN refresh offer depends on this; uploading does not.
    existed = [];
  }
  const existedAt = new Map(overwriting.map((o, n) => [o.index, existed[n]]));
  const domains = await firstDomains([...new Set(overwriting.filter((_, n) => existed[n]).map((o) => o.bucket))]);

  const upHosts = await upHostsFor(plans.flatMap((p, i) => (p.ok ? [files[i].bucket] : [])));
  const creds = getCredentials();
  const now = opts.now ?? Date.now;
  const publicHost = new URL(settings.publicUrl).host;
  return plans.map((plan, i): IssuedToken => {
    const id = files[i].id;
    if (!plan.ok) return { id, ok: false, problem: plan.problem, ...(plan.key ? { key: plan.key } : {}) };
    const issuedAt = now();
    const deadline = Math.floor(issuedAt / 1000) + plan.expiresIn;
    const policy = plan.policy.callbackBody
      ? { ...plan.policy, callbackBody: sealCallbackBody(plan.policy.callbackBody, { deadline, host: publicHost }) }
      : plan.policy;
    const token = signUploadToken(creds, policy, { expires: plan.expiresIn, now: () => issuedAt });
    const seen = existedAt.get(i);
    const domain = seen ? domains.get(files[i].bucket) : undefined;
    return {
      id,
      ok: true,
      key: plan.key,
      token,
      expiresAt: (Math.floor(issuedAt / 1000) + plan.expiresIn) * 1000,
      overwrite: plan.overwrite,
      overwriteDenied: plan.overwriteDenied,
      ...(seen !== undefined ? { existed: seen } : {}),
      ...(domain ? { refreshUrl: objectUrl(domain, plan.key) } : {}),
      ...(plan.presetOutput ? { presetOutput: plan.presetOutput } : {}),
      up: upHosts.get(files[i].bucket),
    };
  });
}

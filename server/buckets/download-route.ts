import "server-only";
import { z } from "zod";
import { MAX_ZIP_KEYS as MAX_SELECTED_KEYS } from "@/lib/buckets/downloads";
import { can } from "@/lib/permissions";
import { getCredentials, getQiniu } from "@/server/qiniu";
import { recordAudit } from "@/server/audit/log";
import { ActionFailure, type RouteContext } from "@/server/actions/wrapper";
import { readTextWithin } from "@/server/http/read-body";
import { bucketFacts } from "./bucket-facts";
import { getBucketSettings } from "./bucket-settings";
import { downloadOrigin } from "./object-links";
import { bucketName, keyPrefix, objectKey } from "./schemas";
import { signingKey } from "@/server/cdn/antileech";
import type { LinkTarget, ZipSource } from "./zip-download";

// The input, scope check, link target and audit shared by the bulk download routes (zip, URL list). A folder comes as
// GET ?prefix=… (a link the browser can follow, so its own download manager shows progress); a selection as POST
// with a JSON body of at most 1,000 keys, read within a cap.

// 1,000 keys of at most 750 bytes, JSON-escaped (worst case ×6 for \u escapes) plus the options.
const BODY_LIMIT = 1000 * 750 * 6 + 64 * 1024;

const selection = z.object({ base: keyPrefix.default(""), keys: z.array(objectKey).min(1).max(MAX_SELECTED_KEYS) }).passthrough();

function invalid(): never {
  throw new ActionFailure("invalid_input", "auth.errors.invalidInput");
}

/** The source a request names, with the body's other fields (the URL list's format and lifetime). */
export async function readSource(req: Request, rawBucket: string): Promise<{ src: ZipSource; options: Record<string, unknown> }> {
  const bucket = bucketName.safeParse(rawBucket);
  if (!bucket.success) invalid();
  const query = Object.fromEntries(new URL(req.url).searchParams);
  if (req.method === "GET") {
    const prefix = keyPrefix.safeParse(query.prefix ?? "");
    if (!prefix.success) invalid();
    return { src: { bucket: bucket.data, prefix: prefix.data }, options: query };
  }
  const text = await readTextWithin(req, BODY_LIMIT);
  if (text === null) throw new ActionFailure("too_large", "downloads.tooManyKeys", { max: MAX_SELECTED_KEYS });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    invalid();
  }
  const parsed = selection.safeParse(json);
  if (!parsed.success) invalid();
  const { base, keys, ...options } = parsed.data;
  return { src: { bucket: bucket.data, base, keys: [...new Set(keys)] }, options };
}

/** Every key of a selection, or the folder, must be inside the user's read scope. */
export function assertReadable(user: RouteContext<unknown>["user"], src: ZipSource): void {
  const targets = "prefix" in src ? [{ bucket: src.bucket, prefix: src.prefix }] : src.keys.map((key) => ({ bucket: src.bucket, key }));
  if (!can(user, "objects.read", targets)) throw new ActionFailure("forbidden", "browser.errors.forbiddenTarget");
}

export async function linkDeps(bucket: string): Promise<{ client: ReturnType<typeof getQiniu>; creds: ReturnType<typeof getCredentials>; target: LinkTarget }> {
  const client = getQiniu();
  const [facts, settings] = await Promise.all([bucketFacts(client, bucket), getBucketSettings(bucket)]);
  const origin = downloadOrigin(facts, settings);
  if (!origin) throw new ActionFailure("no_domain", "browser.errors.noDomain");
  return { client, creds: getCredentials(), target: { origin, private: facts.private, antiLeechKey: await signingKey(client, origin) } };
}

/** Who took which folder (or how many chosen objects) out of which bucket, recorded before the first byte leaves. */
export async function auditDownload(ctx: RouteContext<unknown>, action: string, src: ZipSource, params: Record<string, unknown> = {}): Promise<void> {
  await recordAudit({
    actor: { id: ctx.user.id, email: ctx.user.email, role: ctx.user.role },
    action,
    bucket: src.bucket,
    target: "prefix" in src ? src.prefix : src.base,
    params: { ...params, ...("prefix" in src ? { mode: "folder" } : { mode: "selection", count: src.keys.length }) },
    outcome: "ok",
  });
}

export function attachment(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

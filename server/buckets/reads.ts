import "server-only";
import { z } from "zod";
import type { ListPage } from "@/lib/buckets/listing";
import { thumbnailFop } from "@/lib/buckets/object-url";
import { TEXT_PREVIEW_BYTES } from "@/lib/buckets/file-kind";
import type { ObjectStat } from "@/lib/qiniu/client-types";
import type { PrefixStats } from "@/server/batch/prefix-stats";
import { getConfig } from "@/server/config";
import { getDb } from "@/server/db";
import { ActionFailure } from "@/server/errors/action-failure";
import type { ReadDefinition } from "@/server/http/route-guard";
import { getCredentials, getQiniu } from "@/server/qiniu";
import { bucketFacts } from "./bucket-facts";
import { getBucketSettings } from "./bucket-settings";
import { listFolderPage } from "./folder-page";
import { signingKey } from "@/server/cdn/antileech";
import { downloadOrigin, issueObjectUrl, originChoices, type LinkTarget } from "./object-links";
import { lastRestoreRequest, type RestoreRequest } from "./restore-request";
import { ObjectReadError, readObjectStart, type ObjectText } from "./object-text";
import { getPrefixStatsRunner } from "./prefix-stats-runner";
import { bucketName, keyPrefix, objectKey, objectRef } from "./schemas";
import { uploaderLabel } from "./uploader-label";

// The bucket browser's reads, served as GET routes under app/api/buckets/[bucket]/ (issue 19: reads over GET, so they
// run in parallel and are cancelled when the user leaves; changes stay server actions in server/actions/objects.ts).
// The bucket comes from the path, the rest from the query string.

export type ObjectDetails = ObjectStat & {
  bucket: string;
  key: string;
  /** The endUser as a person ("Name (email)") when it is a console user's id. */
  endUserLabel?: string;
  /** For a restoring or restored archive object: the console's last restore of it (days, when, by whom). */
  restoreRequest?: RestoreRequest;
};

/** The origin and privacy links of `bucket` use; `domain` asks for another of the bucket's own domains (a CDN link). */
export async function linkTarget(bucket: string, domain?: string): Promise<LinkTarget> {
  const [facts, settings] = await Promise.all([bucketFacts(getQiniu(), bucket), getBucketSettings(bucket)]);
  if (domain !== undefined) {
    if (!originChoices(facts.domains).includes(domain)) throw new ActionFailure("invalid_origin", "browser.errors.unknownDomain");
    return { origin: domain, private: facts.private, antiLeechKey: await signingKey(getQiniu(), domain) };
  }
  const origin = downloadOrigin(facts, settings);
  if (!origin) throw new ActionFailure("no_domain", "browser.errors.noDomain");
  return { origin, private: facts.private, antiLeechKey: await signingKey(getQiniu(), origin) };
}

const listInput = z.object({
  bucket: bucketName,
  prefix: keyPrefix.default(""),
  marker: z.string().max(4096).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});

export const listObjectsRead: ReadDefinition<typeof listInput, ListPage> = {
  name: "objects.list",
  input: listInput,
  permission: "objects.read",
  target: (i) => ({ bucket: i.bucket, prefix: i.prefix }),
  handler: async (i) => listFolderPage(getQiniu(), i),
};

export const statObjectRead: ReadDefinition<typeof objectRef, ObjectDetails> = {
  name: "objects.stat",
  input: objectRef,
  permission: "objects.read",
  target: (i) => i,
  handler: async (i) => {
    const stat = await getQiniu().stat(i.bucket, i.key);
    const [endUserLabel, restoreRequest] = await Promise.all([
      stat.endUser ? uploaderLabel(getDb(), stat.endUser) : undefined,
      stat.restoreStatus === 1 || stat.restoreStatus === 2 ? lastRestoreRequest(getDb(), i.bucket, i.key) : null,
    ]);
    return { ...stat, bucket: i.bucket, key: i.key, ...(endUserLabel ? { endUserLabel } : {}), ...(restoreRequest ? { restoreRequest } : {}) };
  },
};

const thumbnailsInput = z.object({ bucket: bucketName, keys: z.array(objectKey).min(1).max(200) });

/**
 * Grid thumbnails (imageView2) for one grid row's keys. The bucket's setting is only the default shown in the grid;
 * any reader may switch thumbnails on for themselves (components/buckets/browser/thumbnail-switch.tsx).
 */
export const thumbnailUrlsRead: ReadDefinition<typeof thumbnailsInput, Record<string, string>> = {
  name: "objects.thumbnails",
  input: thumbnailsInput,
  permission: "objects.read",
  target: (i) => i.keys.map((key) => ({ bucket: i.bucket, key })),
  handler: async (i) => {
    const target = await linkTarget(i.bucket);
    const creds = getCredentials();
    return Object.fromEntries(i.keys.map((k) => [k, issueObjectUrl(creds, target, k, { expiresIn: 3600, query: thumbnailFop() }).url]));
  },
};

/** The first TEXT_PREVIEW_BYTES of an object, read by the server (no CORS needed on the download domain). */
export const objectTextRead: ReadDefinition<typeof objectRef, ObjectText> = {
  name: "objects.preview",
  input: objectRef,
  permission: "objects.read",
  target: (i) => i,
  handler: async (i, ctx) => {
    // Always signed: a disabled object in a public bucket is served only to signed URLs, and the link never leaves here.
    const target = { ...(await linkTarget(i.bucket)), private: true };
    const { url } = issueObjectUrl(getCredentials(), target, i.key, { expiresIn: 300 });
    try {
      return await readObjectStart(url, TEXT_PREVIEW_BYTES, { signal: ctx.signal, timeoutMs: getConfig().qiniu.timeouts.read });
    } catch (err) {
      if (!(err instanceof ObjectReadError)) throw err;
      if (err.status === 404) throw new ActionFailure("not_found", "browser.errors.notFound");
      throw new ActionFailure("preview_failed", "browser.details.previewFailed", { message: `HTTP ${err.status}` });
    }
  },
};

const prefixInput = z.object({ bucket: bucketName, prefix: keyPrefix });

/** The latest kept "compute size and count" of a folder (started by the startPrefixStats action); polled while it runs. */
export const prefixStatsRead: ReadDefinition<typeof prefixInput, PrefixStats | null> = {
  name: "objects.prefixStatsRead",
  input: prefixInput,
  permission: "objects.read",
  target: (i) => ({ bucket: i.bucket, prefix: i.prefix }),
  handler: async (i) => getPrefixStatsRunner().latest(i.bucket, i.prefix),
};

"use server";

import "server-only";
import { z } from "zod";
import { can } from "@/lib/permissions";
import { attnameQuery } from "@/lib/buckets/object-url";
import { baseName } from "@/lib/buckets/paths";
import type { FetchResult } from "@/lib/qiniu/client-types";
import { getQiniu, getCredentials } from "@/server/qiniu";
import { issueObjectUrl, type IssuedUrl } from "@/server/buckets/object-links";
import { fetchObject, prefetchFromMirror, transferObject, type TransferResult } from "@/server/buckets/overwrite";
import { linkTarget } from "@/server/buckets/reads";
import {
  bucketName,
  expiresIn,
  httpUrl,
  keyPrefix,
  metaEdit,
  metaFits,
  mimeType,
  objectKey,
  objectRef,
  storageClass,
  transfer,
} from "@/server/buckets/schemas";
import { getPrefixStatsRunner } from "@/server/buckets/prefix-stats-runner";
import type { PrefixStats } from "@/server/batch/prefix-stats";
import { ActionFailure, defineAction, type ActionContext } from "./wrapper";

// The bucket browser's object actions (issue 6). Every export is made by defineAction: session, role, bucket/prefix
// scope, audit and error mapping happen there. Keys travel in JSON bodies only, never in URL paths. The reads
// (listing, stat, thumbnails, preview, folder stats) are GET routes: server/buckets/reads.ts.

export type { ObjectDetails } from "@/server/buckets/reads";
export type ObjectLink = IssuedUrl & { private: boolean; antiLeech: boolean };

function requireAlso(ctx: ActionContext, permission: "objects.delete" | "objects.write", target: { bucket: string; key: string }) {
  if (!can(ctx.user, permission, target)) throw new ActionFailure("forbidden", "browser.errors.forbiddenTarget");
}

/** A link on the bucket's default download domain: public, or signed for `expiresIn` seconds in private buckets. */
export const getObjectUrl = defineAction({
  name: "objects.link",
  // `signed`: sign even in a public bucket, since Qiniu serves a disabled object only to signed URLs.
  // `origin`: one of the bucket's domains (http or https), for its CDN links; else the bucket's download origin.
  input: objectRef.extend({
    expiresIn: expiresIn.default(3600),
    download: z.boolean().default(false),
    signed: z.boolean().default(false),
    origin: z.string().max(300).optional(),
  }),
  permission: "objects.read",
  target: (i) => ({ bucket: i.bucket, key: i.key }),
  // Who handed out which private link for how long is worth a record.
  audit: (i) => ({ params: { expiresIn: i.expiresIn, download: i.download, signed: i.signed, origin: i.origin } }),
  handler: async (i): Promise<ObjectLink> => {
    const found = await linkTarget(i.bucket, i.origin);
    const target = { ...found, private: found.private || i.signed };
    const query = i.download ? attnameQuery(baseName(i.key)) : undefined;
    return {
      ...issueObjectUrl(getCredentials(), target, i.key, { expiresIn: i.expiresIn, query }),
      private: target.private,
      antiLeech: Boolean(target.antiLeechKey),
    };
  },
});

/** Rename or move, within the bucket or to another one; needs delete rights on the source and write rights on the target. */
export const moveObject = defineAction({
  name: "objects.move",
  input: transfer,
  permission: "objects.write",
  target: (i) => [
    { bucket: i.bucket, key: i.key },
    { bucket: i.toBucket, key: i.toKey },
  ],
  handler: async (i, ctx): Promise<TransferResult> => {
    if (i.bucket === i.toBucket && i.key === i.toKey) throw new ActionFailure("same_target", "browser.ops.sameTarget");
    requireAlso(ctx, "objects.delete", i);
    return transferObject(getQiniu(), "move", { bucket: i.bucket, key: i.key }, { bucket: i.toBucket, key: i.toKey }, i.force);
  },
});

export const copyObject = defineAction({
  name: "objects.copy",
  input: transfer,
  permission: "objects.write",
  target: (i) => [
    { bucket: i.bucket, key: i.key },
    { bucket: i.toBucket, key: i.toKey },
  ],
  handler: async (i): Promise<TransferResult> => {
    if (i.bucket === i.toBucket && i.key === i.toKey) throw new ActionFailure("same_target", "browser.ops.sameTarget");
    return transferObject(getQiniu(), "copy", { bucket: i.bucket, key: i.key }, { bucket: i.toBucket, key: i.toKey }, i.force);
  },
});

export const deleteObject = defineAction({
  name: "objects.delete",
  input: objectRef,
  permission: "objects.delete",
  target: (i) => i,
  handler: async (i) => {
    await getQiniu().delete(i.bucket, i.key);
    return { key: i.key };
  },
});

export const changeMime = defineAction({
  name: "objects.chgm",
  input: objectRef.extend({ mimeType }),
  permission: "objects.write",
  target: (i) => ({ bucket: i.bucket, key: i.key }),
  handler: async (i) => {
    await getQiniu().chgm(i.bucket, i.key, i.mimeType);
    return { mimeType: i.mimeType };
  },
});

export const changeStorageClass = defineAction({
  name: "objects.chtype",
  input: objectRef.extend({ type: storageClass }),
  permission: "objects.write",
  target: (i) => ({ bucket: i.bucket, key: i.key }),
  handler: async (i) => {
    await getQiniu().chtype(i.bucket, i.key, i.type);
    return { type: i.type };
  },
});

export const setDeleteAfterDays = defineAction({
  name: "objects.deleteAfterDays",
  input: objectRef.extend({ days: z.number().int().min(0).max(36_500) }),
  permission: "objects.write",
  target: (i) => ({ bucket: i.bucket, key: i.key }),
  handler: async (i) => {
    await getQiniu().deleteAfterDays(i.bucket, i.key, i.days);
    return { days: i.days };
  },
});

export const restoreObject = defineAction({
  name: "objects.restore",
  input: objectRef.extend({ days: z.number().int().min(1).max(7) }),
  permission: "objects.write",
  target: (i) => ({ bucket: i.bucket, key: i.key }),
  handler: async (i) => {
    await getQiniu().restoreAr(i.bucket, i.key, i.days);
    return { days: i.days };
  },
});

/** Enable (0) or disable (1) an object (rs /chstatus): a disabled object is refused to unsigned downloads. */
export const setObjectStatus = defineAction({
  name: "objects.chstatus",
  input: objectRef.extend({ status: z.union([z.literal(0), z.literal(1)]) }),
  permission: "objects.write",
  target: (i) => ({ bucket: i.bucket, key: i.key }),
  handler: async (i) => {
    await getQiniu().chstatus(i.bucket, i.key, i.status);
    return { status: i.status };
  },
});

/**
 * Adds, changes or removes custom metadata (`x-qn-meta-*`, rs /chgm); other names are kept. chgm has no remove
 * command: its values follow the MIME type's rules, where empty is allowed, and a name sent with an empty value is
 * removed (as the emulator does; server/emulator/object-ops.ts).
 */
export const setObjectMeta = defineAction({
  name: "objects.meta",
  input: objectRef.extend(metaEdit.shape).refine(metaFits, { message: "metadata names and values are at most 1024 bytes in all", path: ["set"] }),
  permission: "objects.write",
  target: (i) => ({ bucket: i.bucket, key: i.key }),
  handler: async (i) => {
    const remove = i.remove.filter((name) => !(name in i.set));
    if (Object.keys(i.set).length === 0 && remove.length === 0) throw new ActionFailure("nothing_to_change", "browser.meta.nothing");
    // Removals last: an empty value is an empty path segment, and a trailing one cannot be lost between two others.
    await getQiniu().chgm(i.bucket, i.key, undefined, { ...i.set, ...Object.fromEntries(remove.map((name) => [name, ""])) });
    return { set: Object.keys(i.set), removed: remove };
  },
});

/** Qiniu downloads `url` into bucket:key (io /fetch). */
export const fetchIntoBucket = defineAction({
  name: "objects.fetch",
  input: z.object({ bucket: bucketName, key: objectKey, url: httpUrl }),
  permission: "upload.write",
  target: (i) => ({ bucket: i.bucket, key: i.key }),
  handler: async (i): Promise<FetchResult & { overwrote: boolean }> => fetchObject(getQiniu(), i.url, i.bucket, i.key),
});

/** Updates bucket:key from the bucket's mirror source (io /prefetch). */
export const prefetchObject = defineAction({
  name: "objects.prefetch",
  input: objectRef,
  permission: "objects.write",
  target: (i) => i,
  handler: async (i) => prefetchFromMirror(getQiniu(), i.bucket, i.key),
});

export const startPrefixStats = defineAction({
  name: "objects.prefixStats",
  input: z.object({ bucket: bucketName, prefix: keyPrefix }),
  permission: "objects.read",
  target: (i) => ({ bucket: i.bucket, prefix: i.prefix }),
  handler: async (i, ctx): Promise<PrefixStats> => getPrefixStatsRunner().start(i.bucket, i.prefix, ctx.user.email),
});

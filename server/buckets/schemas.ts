import "server-only";
import { z } from "zod";
import { existingBucket, objectKey } from "@/lib/buckets/schemas";
import { isHttpUrl, isValidMime } from "@/lib/buckets/keys";
import { META_MAX_BYTES, META_NAME, META_VALUE, metaBytes } from "@/lib/buckets/object-meta";

// Input schemas of the browser's actions (server/actions/objects.ts, buckets.ts).

/** An existing bucket's name (the one definition: lib/buckets/schemas.ts). */
export const bucketName = existingBucket;
export { keyPrefix, objectKey } from "@/lib/buckets/schemas";
export const mimeType = z.string().trim().refine(isValidMime, "a MIME type looks like type/subtype");
export const httpUrl = z.string().trim().max(4096).refine(isHttpUrl, "an http:// or https:// URL");
/** 0 standard, 1 IA, 2 archive, 3 deep archive, 4 archive IR */
export const storageClass = z
  .number()
  .int()
  .min(0)
  .max(5)
  .transform((n) => n as 0 | 1 | 2 | 3 | 4 | 5);
/** Link lifetimes: one minute to seven days. */
export const expiresIn = z
  .number()
  .int()
  .min(60)
  .max(7 * 86_400);

export const objectRef = z.object({ bucket: bucketName, key: objectKey });
export const transfer = objectRef.extend({ toBucket: bucketName, toKey: objectKey, force: z.boolean().default(false) });

/** Custom metadata names (without `x-qn-meta-`) and values, as Qiniu's chgm accepts them. */
export const metaName = z.string().regex(META_NAME, "letters, digits, '-' and '_', at most 50");
export const metaValue = z.string().min(1).regex(META_VALUE, "letters, digits, spaces and . + / - ; = , _");
export const metaEdit = z.object({ set: z.record(metaName, metaValue), remove: z.array(metaName).max(100).default([]) });
export const metaFits = (e: { set: Record<string, string> }) => metaBytes(e.set) <= META_MAX_BYTES;

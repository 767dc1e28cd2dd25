"use server";

import "server-only";
import { z } from "zod";
import { can } from "@/lib/permissions";
import { BULK_LIMIT, bulkOp, bulkPermissions, bulkTargetKey, bulkTargets, errorSummary, type BulkChange, type BulkItemResult } from "@/lib/buckets/bulk-ops";
import { getQiniu } from "@/server/qiniu";
import { bucketName, keyPrefix, mimeType, objectKey, storageClass } from "@/server/buckets/schemas";
import { ActionFailure, defineAction } from "./wrapper";

// The browser's selection bar: one change to up to 1,000 selected objects in a single rs /batch call (Qiniu's limit).
// Every item is checked against the user's scopes (source and target) before anything runs; Qiniu's 298 answers come
// back item by item so the dialog can show and retry the failed ones.

const keys = z
  .array(objectKey)
  .min(1)
  .max(BULK_LIMIT)
  .refine((k) => new Set(k).size === k.length, "keys must be distinct");

const change = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("move"), toBucket: bucketName, toPrefix: keyPrefix, force: z.boolean().default(false) }),
  z.object({ kind: z.literal("copy"), toBucket: bucketName, toPrefix: keyPrefix, force: z.boolean().default(false) }),
  z.object({ kind: z.literal("chtype"), type: storageClass }),
  z.object({ kind: z.literal("chgm"), mimeType }),
  z.object({ kind: z.literal("chstatus"), status: z.union([z.literal(0), z.literal(1)]) }),
]);

interface Planned {
  key: string;
  target: string | null;
}

function plan(i: { folder: string; keys: string[] }, c: BulkChange): Planned[] {
  return i.keys.map((key) => ({ key, target: c.kind === "move" || c.kind === "copy" ? bulkTargetKey(key, i.folder, c.toPrefix) : null }));
}

async function runPlanned(bucket: string, items: Planned[], c: BulkChange): Promise<BulkItemResult[]> {
  const answers = await getQiniu().batch(items.map((it) => bulkOp(bucket, it.key, it.target, c)));
  const results = items.map((it, n) => ({
    key: it.key,
    code: answers[n].code,
    ...(answers[n].code === 200 ? {} : { error: answers[n].error ?? `HTTP ${answers[n].code}` }),
  }));
  // Nothing changed is a failure, as for one object; a partial success answers each item so the failed can be retried.
  if (results.every((r) => r.code !== 200))
    throw new ActionFailure("bulk_failed", "browser.bulk.noneDone", { count: results.length, errors: errorSummary(results) });
  return results;
}

/** What the audit log keeps: the change, how many, how many failed, and the first keys (a full list could be 1,000). */
function auditOf(i: { bucket: string; keys: string[] }, c: BulkChange, data: BulkItemResult[] | undefined) {
  return {
    params: { change: c, count: i.keys.length, failed: data ? data.filter((r) => r.code !== 200).length : undefined, keys: i.keys.slice(0, 50) },
  };
}

const base = z.object({ bucket: bucketName, folder: keyPrefix.default(""), keys });

export const deleteObjects = defineAction({
  name: "objects.bulkDelete",
  input: base,
  permission: "objects.delete",
  target: (i) => i.keys.map((key) => ({ bucket: i.bucket, key })),
  handler: async (i): Promise<BulkItemResult[]> => runPlanned(i.bucket, plan(i, { kind: "delete" }), { kind: "delete" }),
  audit: (i, data) => auditOf(i, { kind: "delete" }, data),
});

export const changeObjects = defineAction({
  name: "objects.bulkChange",
  input: base.extend({ change }),
  permission: "objects.write",
  target: (i) => plan(i, i.change).flatMap((it) => bulkTargets(i.bucket, it.key, it.target, i.change)),
  handler: async (i, ctx): Promise<BulkItemResult[]> => {
    const items = plan(i, i.change);
    // The wrapper checked objects.write on every source and target; a move also needs delete rights on its sources.
    const allowed = bulkPermissions(i.change).every((p) =>
      can(
        ctx.user,
        p,
        items.map((it) => ({ bucket: i.bucket, key: it.key })),
      ),
    );
    if (!allowed) throw new ActionFailure("forbidden", "browser.errors.forbiddenTarget");
    return runPlanned(i.bucket, items, i.change);
  },
  audit: (i, data) => auditOf(i, i.change, data),
});

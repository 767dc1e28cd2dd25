"use server";

import "server-only";
import { z } from "zod";
import { existingBucket, keyPrefix, objectKey } from "@/lib/buckets/schemas";
import { normalizePrefix } from "@/lib/upload/keys";
import { PRESET_IDS } from "@/lib/upload/presets";
import { STORAGE_CLASSES } from "@/lib/buckets/storage-class";
import { MAX_TOKENS_PER_REQUEST } from "@/lib/upload/token-contract";
import { issueUploadTokens as issueTokens } from "@/server/upload/tokens";
import { confirmUploadsFor, type ConfirmAnswer } from "@/server/upload/confirm";
import { defineAction } from "./wrapper";

// Every export here is an action made by defineAction (checked by test/unit/server/actions/all-wrapped.test.ts).

const bucket = existingBucket;
const batchId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

const tokenInput = z.object({
  batchId,
  files: z
    .array(
      z.object({
        id: z.string().min(1).max(64),
        bucket,
        prefix: keyPrefix,
        relativePath: z.string().min(1).max(4096),
        size: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
        mimeType: z.string().max(255),
        overwrite: z.boolean(),
        preset: z.enum(PRESET_IDS).optional(),
        fileType: z.union(STORAGE_CLASSES.map((n) => z.literal(n))).optional(),
      }),
    )
    .min(1)
    .max(MAX_TOKENS_PER_REQUEST),
});

/** Distinct destinations of a request: the wrapper checks each against the user's scopes before any token is signed. */
function destinations(files: { bucket: string; prefix: string }[]) {
  const seen = new Map<string, { bucket: string; prefix: string }>();
  for (const f of files) {
    const prefix = normalizePrefix(f.prefix);
    seen.set(`${f.bucket}\n${prefix}`, { bucket: f.bucket, prefix });
  }
  return [...seen.values()];
}

/** One upload token per file, scoped to that file's key (lib/upload/plan.ts); refusals are reported per file. */
export const issueUploadTokens = defineAction({
  name: "upload.tokens",
  input: tokenInput,
  permission: "upload.write",
  target: (input) => destinations(input.files),
  handler: async (input, { user }) => issueTokens(user, input.batchId, input.files),
  audit: (input, data) => {
    const where = destinations(input.files);
    return {
      bucket: where.length === 1 ? where[0].bucket : [...new Set(where.map((w) => w.bucket))].join(","),
      target: where.length === 1 ? where[0].prefix || "/" : `${where.length} prefixes`,
      params: {
        batchId: input.batchId,
        files: input.files.length,
        bytes: input.files.reduce((n, f) => n + f.size, 0),
        overwrite: input.files.some((f) => f.overwrite),
        preset: input.files.find((f) => f.preset)?.preset ?? null,
        fileTypes: [...new Set(input.files.map((f) => f.fileType ?? 0))],
        issued: data?.filter((t) => t.ok).length ?? 0,
        refused: data?.filter((t) => !t.ok).length ?? 0,
      },
    };
  },
});

const confirmInput = z.object({
  batchId,
  uploads: z
    .array(
      z.object({
        bucket,
        key: objectKey,
        hash: z.string().min(1).max(64),
        relativePath: z.string().max(4096),
        persistentId: z.string().max(128).optional(),
      }),
    )
    .min(1)
    .max(MAX_TOKENS_PER_REQUEST),
});

/**
 * Records uploads made without callback (Qiniu cannot reach the console). The browser's word is not taken: each
 * object is looked up with Qiniu and recorded only when it exists with the reported hash and this user as endUser.
 */
export const confirmUploads = defineAction({
  name: "upload.confirm",
  input: confirmInput,
  permission: "upload.write",
  target: (input) => input.uploads.map((u) => ({ bucket: u.bucket, key: u.key })),
  handler: async (input, { user }): Promise<ConfirmAnswer[]> => confirmUploadsFor(user, input.batchId, input.uploads),
  audit: (input, data) => ({
    params: {
      batchId: input.batchId,
      uploads: input.uploads.length,
      recorded: data?.filter((a) => a.ok).length ?? 0,
      keys: input.uploads.slice(0, 20).map((u) => `${u.bucket}:${u.key}`),
    },
  }),
});

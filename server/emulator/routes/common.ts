// Helpers shared by the management routes: authentication with the raw body, merged query/form parameters,
// and Entry decoding with Qiniu's error codes.
import { decodeEntry } from "@/lib/qiniu/entry";
import { verifyManagementRequest } from "../auth";
import type { RequestCtx } from "../core";
import type { BucketRow } from "../buckets";
import { badRequest, decodeSegment, mediaType, noSuchBucket, readBody } from "../http";

/** Management bodies are small (a batch of 1000 ops with long keys stays well below this). */
export const MANAGEMENT_BODY_LIMIT = 16 * 1024 * 1024;

export interface Authenticated {
  accessKey: string;
  body: Buffer;
}

/** Reads the body and verifies the QBox / Qiniu signature over it (401 on failure). */
export async function authenticate(rc: RequestCtx, limit = MANAGEMENT_BODY_LIMIT): Promise<Authenticated> {
  const body = await readBody(rc.req, limit);
  const accessKey = verifyManagementRequest(rc.core.keys, rc.req, rc.rawTarget, body, rc.core.now());
  return { accessKey, body };
}

/** Query parameters, plus form-body parameters when the body is form-encoded (SDKs differ, §0 item 5). */
export function params(rc: RequestCtx, body: Buffer): URLSearchParams {
  const out = new URLSearchParams(rc.query);
  if (body.length > 0 && mediaType(rc.req) === "application/x-www-form-urlencoded") {
    for (const [k, v] of new URLSearchParams(body.toString("utf8"))) out.append(k, v);
  }
  return out;
}

export interface Entry {
  bucket: string;
  key?: string;
}

/** Decodes an EncodedEntryURI path segment; malformed base64 → 400. */
export function entryOf(seg: string | undefined): Entry {
  if (!seg) throw badRequest("missing entry");
  try {
    return decodeEntry(decodeSegment(seg));
  } catch {
    throw badRequest("invalid entry: bad base64");
  }
}

/** An entry that must name a key. */
export function keyedEntry(seg: string | undefined): Required<Entry> {
  const e = entryOf(seg);
  if (e.key === undefined) throw badRequest("invalid entry: no key");
  return e as Required<Entry>;
}

/** Authenticates and returns the merged query/form parameters. */
export async function authedParams(rc: RequestCtx): Promise<URLSearchParams> {
  const { body } = await authenticate(rc);
  return params(rc, body);
}

/** The bucket's row: 400 without a name, 631 when it does not exist. */
export function existingBucket(rc: RequestCtx, name: string | null | undefined): BucketRow {
  if (!name) throw badRequest("bucket is required");
  const row = rc.core.buckets.row(name);
  if (!row) throw noSuchBucket();
  return row;
}

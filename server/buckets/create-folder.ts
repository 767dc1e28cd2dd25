import "server-only";
import { signUploadToken } from "@/lib/qiniu/auth";
import { QiniuError } from "@/lib/qiniu/errors";
import { getCredentials, getQiniu, upHostsFor } from "@/server/qiniu";

// A folder as kodo-browser makes it: an empty object named `prefix/`. Every client lists it as a folder and it
// survives reloads (a folder kept only in the page would vanish with it).

export type CreateFolderResult = { created: true } | { created: false; reason: "exists" };

/**
 * Writes the empty `key` object unless the folder already exists: any object under the prefix (its own `prefix/`
 * object included) counts. The upload token is insertOnly, so a folder made in between is not overwritten either.
 */
export async function createFolderObject(bucket: string, key: string): Promise<CreateFolderResult> {
  const qiniu = getQiniu();
  const page = await qiniu.list({ bucket, prefix: key, limit: 1 });
  if (page.items.length > 0 || page.commonPrefixes.length > 0) return { created: false, reason: "exists" };

  const token = signUploadToken(getCredentials(), { scope: `${bucket}:${key}`, insertOnly: 1 }, { expires: 300 });
  const up = (await upHostsFor([bucket])).get(bucket)!;
  const form = new FormData();
  form.set("token", token);
  form.set("key", key);
  form.set("file", new Blob([], { type: "application/octet-stream" }), "file");
  const res = await fetch(`${up.upprotocol}://${up.uphost}/`, { method: "POST", body: form });
  if (res.ok) return { created: true };
  const body: unknown = await res.json().catch(() => null);
  if (res.status === 614) return { created: false, reason: "exists" };
  throw new QiniuError({ status: res.status, body, reqId: res.headers.get("x-reqid") ?? undefined });
}

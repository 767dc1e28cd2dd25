import "server-only";
import { scopePrefixes, type Principal } from "@/lib/permissions";
import { normalizePrefix } from "@/lib/upload/keys";
import { getQiniu } from "@/server/qiniu";

// Where a user may upload: the buckets with any upload right, and inside each the prefixes their scopes allow.

export interface UploadBucketChoice {
  name: string;
  /** null = anywhere in the bucket. */
  prefixes: string[] | null;
}

export async function uploadBuckets(user: Principal, listBuckets: () => Promise<string[]> = () => getQiniu().listBuckets()): Promise<UploadBucketChoice[]> {
  const names = await listBuckets();
  return names
    .map((name) => ({ name, prefixes: scopePrefixes(user, name) }))
    .filter((b) => b.prefixes === null || b.prefixes.length > 0)
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** The destination the page opens with: `?bucket=&prefix=` when allowed, else the first place the user may write. */
export function initialTarget(choices: UploadBucketChoice[], bucket: string | undefined, prefix: string | undefined): { bucket: string; prefix: string } {
  const chosen = choices.find((c) => c.name === bucket) ?? choices[0];
  if (!chosen) return { bucket: "", prefix: "" };
  const wanted = normalizePrefix(prefix ?? "");
  if (chosen.prefixes === null || chosen.prefixes.some((p) => wanted.startsWith(p))) return { bucket: chosen.name, prefix: wanted };
  return { bucket: chosen.name, prefix: chosen.prefixes[0] };
}

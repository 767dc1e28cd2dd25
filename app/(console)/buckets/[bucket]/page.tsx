import type { Metadata } from "next";
import { BucketBrowser } from "@/components/browser/bucket-browser";
import { LoadError } from "@/components/browser/load-error";
import { parseBrowserState } from "@/lib/browser/browser-url";
import { getBucketContext } from "@/server/actions/buckets";
import { listObjects } from "@/server/actions/objects";

type Params = Promise<{ bucket: string }>;
type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** The bucket segment as typed; a malformed escape is left as it is (the action then refuses the name). */
function bucketOf(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  return { title: bucketOf((await params).bucket) };
}

/** The bucket browser. The server reads the bucket and the first page of the folder in the URL; the client takes over. */
export default async function BucketPage({ params, searchParams }: { params: Params; searchParams: SearchParams }) {
  const bucket = bucketOf((await params).bucket);
  const state = parseBrowserState(await searchParams);
  const context = await getBucketContext({ bucket });
  if (!context.ok) return <LoadError error={context.error} title={bucket} />;
  const listPrefix = state.prefix + state.q;
  const scopes = context.data.scopePrefixes;
  const allowed = scopes === null || scopes.some((s) => listPrefix.startsWith(s));
  const first = allowed ? await listObjects({ bucket, prefix: listPrefix }) : null;
  if (first && !first.ok) return <LoadError error={first.error} title={bucket} />;
  return <BucketBrowser context={context.data} initial={first?.ok ? { listPrefix, page: first.data } : undefined} />;
}

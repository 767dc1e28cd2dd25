import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { BucketBrowser } from "@/components/buckets/browser/bucket-browser";
import { LoadError } from "@/components/ui/load-error";
import { bucketHref, bucketOf, parseBrowserState } from "@/lib/buckets/browser-url";
import { landingScope, listingAllowed, scopeState } from "@/lib/buckets/scope-landing";
import { getBucketContext } from "@/server/actions/buckets";
import { listObjectsRead } from "@/server/buckets/reads";
import { readOnServer } from "@/server/http/route-guard";

type Params = Promise<{ bucket: string }>;
type SearchParams = Promise<Record<string, string | string[] | undefined>>;

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
  const landing = landingScope(scopes, listPrefix);
  if (landing !== null) redirect(bucketHref(bucket, { ...state, ...scopeState(landing) }));
  const allowed = listingAllowed(scopes, listPrefix);
  const first = allowed ? await readOnServer(listObjectsRead, { bucket, prefix: listPrefix }) : null;
  if (first && !first.ok) return <LoadError error={first.error} title={bucket} />;
  return <BucketBrowser context={context.data} initial={first?.ok ? { listPrefix, page: first.data } : undefined} />;
}

import { withRoute, type RouteContext } from "@/server/actions/wrapper";
import { assertReadable, attachment, auditDownload, linkDeps, readSource } from "@/server/buckets/download-route";
import { zipFileName, zipStream } from "@/server/buckets/zip-download";

// A folder (GET ?prefix=) or a selection (POST {base, keys}) as one .zip streamed from Qiniu through the console.
async function zip(req: Request, ctx: RouteContext<{ bucket: string }>): Promise<Response> {
  const { src } = await readSource(req, ctx.params.bucket);
  assertReadable(ctx.user, src);
  const deps = await linkDeps(src.bucket);
  await auditDownload(ctx, "objects.zip", src);
  return new Response(zipStream(deps, src), {
    headers: { "Content-Type": "application/zip", "Content-Disposition": attachment(zipFileName(src)), "Cache-Control": "no-store" },
  });
}

export const GET = withRoute<{ bucket: string }>({ permission: "objects.read", name: "objects.zip" }, zip);
export const POST = withRoute<{ bucket: string }>({ permission: "objects.read", name: "objects.zip" }, zip);

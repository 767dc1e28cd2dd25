import { z } from "zod";
import { downloadBaseName } from "@/lib/buckets/downloads";
import { withRoute, ActionFailure, type RouteContext } from "@/server/actions/wrapper";
import { assertReadable, attachment, auditDownload, linkDeps, readSource } from "@/server/buckets/download-route";
import { sourceBase } from "@/server/buckets/zip-download";
import { urlListStream } from "@/server/buckets/url-list";

// Signed URLs of a folder (GET ?prefix=&format=) or a selection (POST {base, keys, format}) for a download manager:
// CSV (key,size,url) or an aria2 input file. Streamed one listing page at a time.
const options = z.object({
  format: z.enum(["csv", "aria2"]).default("csv"),
  expiresIn: z.coerce
    .number()
    .int()
    .min(60)
    .max(7 * 86_400)
    .default(86_400),
});

async function urls(req: Request, ctx: RouteContext<{ bucket: string }>): Promise<Response> {
  const { src, options: raw } = await readSource(req, ctx.params.bucket);
  const opts = options.safeParse(raw);
  if (!opts.success) throw new ActionFailure("invalid_input", "auth.errors.invalidInput");
  assertReadable(ctx.user, src);
  const deps = await linkDeps(src.bucket);
  await auditDownload(ctx, "objects.urlList", src, { format: opts.data.format, expiresIn: opts.data.expiresIn });
  const name = `${downloadBaseName(sourceBase(src))}.${opts.data.format === "csv" ? "csv" : "aria2.txt"}`;
  return new Response(urlListStream(deps, src, opts.data.format, opts.data.expiresIn), {
    headers: {
      "Content-Type": opts.data.format === "csv" ? "text/csv; charset=utf-8" : "text/plain; charset=utf-8",
      "Content-Disposition": attachment(name),
      "Cache-Control": "no-store",
    },
  });
}

export const GET = withRoute<{ bucket: string }>({ permission: "objects.read", name: "objects.urlList" }, urls);
export const POST = withRoute<{ bucket: string }>({ permission: "objects.read", name: "objects.urlList" }, urls);

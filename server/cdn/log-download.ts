import "server-only";
// Proxies a CDN log download: re-lists the day's logs to get a fresh signed URL, then streams the file.
import { isDate } from "@/lib/cdn/stats";
import type { Principal } from "@/lib/permissions";
import type { Translate } from "@/lib/i18n/translator";
import { getQiniu } from "@/server/qiniu";
import { requireDomainData } from "./domains";
import { cdnCall } from "./errors";

function fail(status: number, code: string, message: string): Response {
  return Response.json({ ok: false, error: { code, message } }, { status, headers: { "Cache-Control": "no-store" } });
}

export async function downloadCdnLog(req: Request, user: Principal, t: Translate): Promise<Response> {
  const q = new URL(req.url).searchParams;
  const domain = q.get("domain") ?? "";
  const day = q.get("day") ?? "";
  const name = q.get("name") ?? "";
  if (!domain || !name || !isDate(day)) return fail(400, "invalid_input", t("auth.errors.invalidInput"));
  const client = getQiniu();
  await requireDomainData(client, user, [domain]);
  const list = await cdnCall(() => client.cdnLogList({ day, domains: [domain] }));
  const file = (list[domain] ?? []).find((f) => f.name === name);
  if (!file) return fail(404, "cdn.log_not_found", t("cdn.errors.logNotFound"));
  const upstream = await fetch(file.url, { signal: req.signal });
  if (!upstream.ok || !upstream.body) return fail(502, "cdn.log_fetch", t("cdn.errors.cdn", { code: upstream.status, detail: upstream.statusText }));
  const headers = new Headers({
    "Content-Type": "application/gzip",
    "Content-Disposition": `attachment; filename="${name.replace(/[^\w.-]/g, "_")}"`,
    "Cache-Control": "private, no-store",
  });
  const length = upstream.headers.get("content-length");
  if (length) headers.set("Content-Length", length);
  return new Response(upstream.body, { status: 200, headers });
}

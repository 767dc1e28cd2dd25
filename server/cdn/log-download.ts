import "server-only";
// Proxies a CDN log download: re-lists the day's logs to get fresh signed URLs, then streams one hour's file, or with
// `all=1` the whole day: the hourly gzip files one after another, which is itself a valid gzip file (RFC 1952 allows
// several members; gunzip and zcat read them as one).
import { isDate } from "@/lib/cdn/stats";
import type { Principal } from "@/lib/permissions";
import type { Translate } from "@/lib/i18n/engine";
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
  const all = q.get("all") === "1";
  if (!domain || (!name && !all) || !isDate(day)) return fail(400, "invalid_input", t("auth.errors.invalidInput"));
  const client = getQiniu();
  await requireDomainData(client, user, [domain]);
  const list = await cdnCall(() => client.cdnLogList({ day, domains: [domain] }));
  if (all) return wholeDay(req, domain, day, list[domain] ?? [], t);
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

function wholeDay(req: Request, domain: string, day: string, files: { name: string; url: string }[], t: Translate): Response {
  if (files.length === 0) return fail(404, "cdn.log_not_found", t("cdn.errors.logNotFound"));
  const ordered = [...files].sort((a, b) => a.name.localeCompare(b.name));
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      try {
        for (const f of ordered) {
          const upstream = await fetch(f.url, { signal: req.signal });
          if (!upstream.ok || !upstream.body) throw new Error(`${f.name}: HTTP ${upstream.status}`);
          const reader = upstream.body.getReader();
          for (;;) {
            const { done, value } = await reader.read();
            if (done) break;
            controller.enqueue(value);
          }
        }
        controller.close();
      } catch (err) {
        // Headers are out: a broken stream is how the browser learns the download is incomplete.
        controller.error(err);
      }
    },
  });
  const fileName = `${domain.replace(/[^\w.-]/g, "_")}_${day}.gz`;
  return new Response(body, {
    status: 200,
    headers: { "Content-Type": "application/gzip", "Content-Disposition": `attachment; filename="${fileName}"`, "Cache-Control": "private, no-store" },
  });
}

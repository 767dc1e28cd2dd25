"use client";

import { useState } from "react";
import { useT } from "@/components/i18n-provider";
import { downloadBaseName, folderUrlListHref, folderZipHref, needsConfirm, urlListRoute, zipRoute, type UrlListFormat } from "@/lib/buckets/downloads";
import { bucketReads } from "./reads";
import { errorText } from "../../ui/action-call";
import { formatBytes } from "@/lib/i18n/format";

// "Download ZIP" and the link-list exports of the selection bar. A folder (or "everything matching") is a plain link
// to the GET route: the browser streams it to disk with its own progress, however large. A selection must be POSTed
// (up to 1,000 keys do not fit in a URL), so the page reads the answer itself, shows the bytes received, and saves
// it through a Blob URL; selections are bounded, so holding one in the page is acceptable.

type Props = { bucket: string } & ({ prefix: string } | { base: string; keys: readonly string[]; bytes: number });

const button = "rounded-md border border-slate-300 px-2 py-1 text-xs hover:bg-slate-100 disabled:opacity-50 dark:border-slate-600 dark:hover:bg-slate-800";

function save(href: string, name?: string) {
  const a = document.createElement("a");
  a.href = href;
  a.download = name ?? "";
  document.body.append(a);
  a.click();
  a.remove();
}

async function postForFile(url: string, body: unknown, name: string, onBytes?: (n: number) => void): Promise<void> {
  const res = await fetch(url, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  if (!res.ok || !res.body) {
    const answer = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new Error(answer?.error?.message ?? `HTTP ${res.status}`);
  }
  const reader = res.body.getReader();
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value as Uint8Array<ArrayBuffer>);
    received += value.byteLength;
    onBytes?.(received);
  }
  const href = URL.createObjectURL(new Blob(chunks, { type: res.headers.get("content-type") ?? "application/octet-stream" }));
  save(href, name);
  // The click has handed the Blob to the download; a later revoke lets the page drop its copy.
  setTimeout(() => URL.revokeObjectURL(href), 60_000);
}

export function ZipDownload(p: Props) {
  const t = useT();
  const [confirm, setConfirm] = useState<null | { text: string }>(null);
  const [received, setReceived] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const folder = "prefix" in p;
  const name = downloadBaseName(folder ? p.prefix : p.base);

  function run(job: () => Promise<void>) {
    setError(null);
    job().catch((err: unknown) => setError(errorText(err)));
  }

  async function zipNow() {
    setConfirm(null);
    if ("prefix" in p) return save(folderZipHref(p.bucket, p.prefix));
    setReceived(0);
    try {
      await postForFile(zipRoute(p.bucket), { base: p.base, keys: p.keys }, `${name}.zip`, setReceived);
    } finally {
      setReceived(null);
    }
  }

  async function askZip() {
    if ("prefix" in p) {
      const stats = await bucketReads.prefixStats(p.bucket, p.prefix);
      if (!stats || stats.status !== "done") return setConfirm({ text: t("downloads.confirmUnknown") });
      if (needsConfirm(stats.objects, stats.bytes))
        return setConfirm({ text: t("downloads.confirmBody", { count: stats.objects, size: formatBytes(stats.bytes) }) });
    } else if (needsConfirm(p.keys.length, p.bytes)) {
      return setConfirm({ text: t("downloads.confirmBody", { count: p.keys.length, size: formatBytes(p.bytes) }) });
    }
    await zipNow();
  }

  async function urls(format: UrlListFormat) {
    if ("prefix" in p) return save(folderUrlListHref(p.bucket, p.prefix, format));
    await postForFile(urlListRoute(p.bucket), { base: p.base, keys: p.keys, format }, `${name}.${format === "csv" ? "csv" : "aria2.txt"}`);
  }

  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      <button type="button" className={button} data-testid="zip-download" disabled={received !== null} onClick={() => run(askZip)}>
        {folder ? t("downloads.folderZip") : t("downloads.zip")}
      </button>
      <button type="button" className={button} data-testid="urls-csv" onClick={() => run(() => urls("csv"))}>
        {t("downloads.urlsCsv")}
      </button>
      <button type="button" className={button} data-testid="urls-aria2" onClick={() => run(() => urls("aria2"))}>
        {t("downloads.urlsAria2")}
      </button>
      {received !== null && (
        <span role="status" data-testid="zip-progress" className="text-xs text-slate-500">
          {t("downloads.progress", { size: formatBytes(received) })}
        </span>
      )}
      {error && (
        <span role="alert" className="text-xs text-red-600">
          {t("downloads.failed", { message: error })}
        </span>
      )}
      {confirm && (
        <span
          role="alertdialog"
          aria-label={t("downloads.confirmTitle")}
          data-testid="zip-confirm"
          className="inline-flex items-center gap-2 rounded-md border border-amber-300 bg-amber-50 px-2 py-1 text-xs dark:border-amber-700 dark:bg-amber-950"
        >
          <span>{confirm.text}</span>
          <button type="button" className={button} data-testid="zip-confirm-ok" onClick={() => run(zipNow)}>
            {t("downloads.confirm")}
          </button>
          <button type="button" className={button} onClick={() => setConfirm(null)}>
            {t("downloads.cancel")}
          </button>
        </span>
      )}
    </span>
  );
}

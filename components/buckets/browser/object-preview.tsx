"use client";

import { useQuery } from "@tanstack/react-query";
import { useT } from "@/components/i18n-provider";
import { TEXT_PREVIEW_BYTES, previewKind } from "@/lib/buckets/file-kind";
import { PREVIEW_EXPIRY } from "@/lib/buckets/object-url";
import { needsRestore } from "@/lib/buckets/storage-class";
import type { ObjectDetails } from "@/server/actions/objects";
import { browserKeys } from "./query-keys";
import { bucketReads } from "./reads";
import { makeObjectLink, type LinkSettings } from "./use-object-link";
import { formatBytes } from "@/lib/i18n/format";

function TextPreview({ object, json }: { object: ObjectDetails; json: boolean }) {
  const t = useT();
  const { data, error, isPending } = useQuery({
    queryKey: browserKeys.text(object.bucket, object.key),
    queryFn: ({ signal }) => bucketReads.preview(object.bucket, object.key, signal),
  });
  if (isPending) return <p className="text-sm text-slate-500">{t("common.loading")}</p>;
  if (error) return <p className="text-sm text-red-600">{t("browser.details.previewFailed", { message: error.message })}</p>;
  let text = data.text;
  let invalidJson = false;
  if (json && !data.truncated) {
    try {
      text = JSON.stringify(JSON.parse(data.text), null, 2);
    } catch {
      invalidJson = true;
    }
  }
  return (
    <div>
      {invalidJson && <p className="mb-1 text-xs text-amber-700">{t("browser.details.invalidJson")}</p>}
      <pre
        data-testid="preview-text"
        tabIndex={0}
        className="max-h-80 overflow-auto whitespace-pre-wrap break-all rounded bg-slate-100 p-2 font-mono text-xs dark:bg-slate-800"
      >
        {text}
      </pre>
      {data.truncated && <p className="mt-1 text-xs text-slate-500">{t("browser.details.previewTruncated", { size: formatBytes(TEXT_PREVIEW_BYTES) })}</p>}
    </div>
  );
}

function MediaPreview({ object, link, kind }: { object: ObjectDetails; link: LinkSettings; kind: "image" | "video" | "audio" | "pdf" }) {
  const t = useT();
  const settings = { ...link, expiresIn: PREVIEW_EXPIRY };
  const { data: url, error } = useQuery({
    queryKey: browserKeys.link(object.bucket, object.key, PREVIEW_EXPIRY, false),
    queryFn: () => makeObjectLink(object.bucket, object.key, settings),
    // Signed preview links live 15 minutes: use them for 10.
    staleTime: 10 * 60_000,
  });
  if (error) return <p className="text-sm text-red-600">{t("browser.details.previewFailed", { message: error.message })}</p>;
  if (!url) return <p className="text-sm text-slate-500">{t("common.loading")}</p>;
  const cacheBust = `${object.hash}`;
  if (kind === "image") {
    // eslint-disable-next-line @next/next/no-img-element
    return <img data-testid="preview-image" key={cacheBust} src={url} alt={object.key} className="max-h-80 max-w-full rounded object-contain" />;
  }
  if (kind === "video") return <video data-testid="preview-video" key={cacheBust} src={url} controls preload="metadata" className="max-h-80 w-full rounded" />;
  if (kind === "audio") return <audio data-testid="preview-audio" key={cacheBust} src={url} controls preload="metadata" className="w-full" />;
  return <iframe data-testid="preview-pdf" key={cacheBust} src={url} title={object.key} className="h-96 w-full rounded border border-slate-200" />;
}

/** Preview by type; archived objects cannot be read until restored. */
export function ObjectPreview({ object, link }: { object: ObjectDetails; link: LinkSettings }) {
  const t = useT();
  const kind = previewKind(object.key, object.mimeType);
  let body;
  if (kind === "none") body = <p className="text-sm text-slate-500">{t("browser.details.noPreview")}</p>;
  else if (needsRestore(object.type) && object.restoreStatus !== 2) body = <p className="text-sm text-slate-500">{t("browser.details.previewFrozen")}</p>;
  else if (kind === "text" || kind === "json") body = <TextPreview object={object} json={kind === "json"} />;
  else body = <MediaPreview object={object} link={link} kind={kind} />;
  return (
    <section aria-label={t("browser.details.preview")} data-testid="object-preview">
      <h3 className="mb-2 text-sm font-medium">{t("browser.details.preview")}</h3>
      {body}
    </section>
  );
}

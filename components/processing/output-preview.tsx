"use client";

import { useQuery } from "@tanstack/react-query";
import { unwrap } from "@/components/ui/action-call";
import { useT } from "@/components/i18n-provider";
import { previewKind } from "@/lib/buckets/file-kind";
import { getObjectUrl } from "@/server/actions/objects";

/** A produced file shown inline: a short-lived link made by the server (works for private buckets too). */
export function OutputPreview({ bucket, objectKey, hash }: { bucket: string; objectKey: string; hash?: string }) {
  const t = useT();
  const kind = previewKind(objectKey, undefined);
  const link = useQuery({
    queryKey: ["pfop", "preview", bucket, objectKey, hash],
    queryFn: () => unwrap(getObjectUrl({ bucket, key: objectKey, expiresIn: 900 })),
    staleTime: 10 * 60_000,
  });
  if (link.error) return <p className="text-sm text-red-600">{t("processing.jobs.previewError", { message: link.error.message })}</p>;
  if (!link.data) return <p className="text-sm text-slate-500">{t("common.loading")}</p>;
  const url = link.data.url;
  if (kind === "image") {
    return (
      // eslint-disable-next-line @next/next/no-img-element -- a signed Qiniu URL, shown as is (no Next image optimiser)
      <img
        data-testid="output-image"
        src={url}
        alt={objectKey}
        className="max-h-64 max-w-full rounded border border-slate-200 object-contain dark:border-slate-700"
      />
    );
  }
  if (kind === "video") return <video data-testid="output-video" src={url} controls preload="metadata" className="max-h-64 w-full max-w-md rounded" />;
  if (kind === "audio") return <audio data-testid="output-audio" src={url} controls preload="metadata" className="w-full max-w-md" />;
  return (
    <a href={url} target="_blank" rel="noreferrer" className="text-sm text-brand-600 underline">
      {objectKey}
    </a>
  );
}

"use client";

import Link from "next/link";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useT } from "@/components/i18n-provider";
import { cdnRefreshHref, processingHref } from "@/lib/buckets/browser-url";
import { LINK_EXPIRIES, objectUrl } from "@/lib/buckets/object-url";
import { makeObjectLink, startDownload, useCopyLink, type LinkSettings } from "./use-object-link";

const button = "rounded-md border border-slate-300 px-2 py-1 text-sm hover:bg-slate-100 disabled:opacity-50 dark:border-slate-600 dark:hover:bg-slate-800";

/** Download (a short-lived signed link in private buckets), copy link with a chosen lifetime, and hand-offs. */
export function ObjectLinks(props: { bucket: string; objectKey: string; link: LinkSettings; canProcess: boolean; signed?: boolean }) {
  const { bucket, objectKey, link, canProcess, signed = false } = props;
  const t = useT();
  const [expiresIn, setExpiresIn] = useState(link.expiresIn);
  // A disabled object is served only to signed URLs, so its links are signed even in a public bucket.
  const copy = useCopyLink(bucket, { ...link, expiresIn }, signed);
  const download = useMutation({
    // 5 minutes is plenty to start a download; the link is used at once.
    mutationFn: () => makeObjectLink(bucket, objectKey, { ...link, expiresIn: 300 }, true, signed),
    onSuccess: startDownload,
  });
  const disabled = !link.origin;
  return (
    <section className="space-y-2 text-sm" data-testid="object-links">
      {disabled && <p className="text-amber-700">{t("browser.errors.noDomain")}</p>}
      <div className="flex flex-wrap items-center gap-2">
        <button type="button" className={button} data-testid="download" disabled={disabled || download.isPending} onClick={() => download.mutate()}>
          ⬇ {link.private || link.antiLeech || signed ? t("browser.details.downloadPrivate") : t("browser.details.download")}
        </button>
        {link.private || link.antiLeech || signed ? (
          <label className="flex items-center gap-1">
            <span className="text-slate-500">{t("browser.details.linkExpiry")}</span>
            <select
              className="rounded-md border border-slate-300 px-1 py-1 dark:border-slate-600 dark:bg-slate-900"
              value={expiresIn}
              onChange={(e) => setExpiresIn(Number(e.target.value))}
              data-testid="panel-link-expiry"
            >
              {LINK_EXPIRIES.map((s) => (
                <option key={s} value={s}>
                  {t(`browser.expiry.${s}` as const)}
                </option>
              ))}
            </select>
          </label>
        ) : (
          <span className="text-xs text-slate-500">{t("browser.details.publicLink")}</span>
        )}
        <button type="button" className={button} data-testid="copy-link" disabled={disabled || copy.isPending} onClick={() => copy.mutate(objectKey)}>
          🔗 {copy.isSuccess ? t("browser.row.copied") : t("browser.details.copyLink")}
        </button>
        {(link.cdnOrigins ?? []).map((origin) => (
          <button
            key={origin}
            type="button"
            className={button}
            data-testid="copy-cdn-link"
            disabled={copy.isPending}
            onClick={() => copy.mutate({ key: objectKey, origin })}
          >
            🔗 {t("browser.menu.copyCdnLink", { host: new URL(origin).host })}
          </button>
        ))}
      </div>
      {copy.data && (
        <input
          readOnly
          value={copy.data}
          data-testid="object-link"
          aria-label={t("browser.details.copyLink")}
          className="w-full rounded border border-slate-200 bg-slate-50 px-2 py-1 font-mono text-xs dark:border-slate-700 dark:bg-slate-900"
          onFocus={(e) => e.target.select()}
        />
      )}
      {(copy.error || download.error) && <p className="text-red-600">{t("browser.ops.failed", { message: (copy.error ?? download.error)!.message })}</p>}
      <div className="flex flex-wrap gap-3">
        {canProcess && (
          <Link href={processingHref(bucket, objectKey)} className="text-brand-600 hover:underline">
            {t("browser.details.process")} →
          </Link>
        )}
        {!link.private && link.origin && (
          <Link href={cdnRefreshHref([objectUrl(link.origin, objectKey)])} className="text-brand-600 hover:underline">
            {t("browser.details.refreshCdn")} →
          </Link>
        )}
      </div>
    </section>
  );
}

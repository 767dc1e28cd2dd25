"use client";

import Link from "next/link";
import { useCallback, useMemo, useState } from "react";
import { useT } from "@/components/i18n-provider";
import { bucketHref } from "@/lib/buckets/browser-url";
import { cdnOrigins } from "@/lib/buckets/link-variants";
import { parentPrefix } from "@/lib/buckets/paths";
import { listingAllowed, scopeState } from "@/lib/buckets/scope-landing";
import type { BucketContext } from "@/server/actions/buckets";
import { BrowserBody } from "./browser-body";
import { BrowserHeader } from "./browser-header";
import { BrowserToolbar } from "./browser-toolbar";
import { RefreshAfterOverwrite } from "@/components/cdn/refresh-after-overwrite";
import { Notice, type NoticeValue } from "../../ui/notice";
import type { OperationDone } from "./object-operations";
import { useBrowserLocation } from "./use-browser-location";
import type { InitialListing } from "./use-listing";

/** The bucket page: everything below the server component. State lives in the URL (lib/buckets/browser-url.ts). */
export function BucketBrowser({ context, initial }: { context: BucketContext; initial?: InitialListing }) {
  const t = useT();
  const { state, update, openFolder, openObject } = useBrowserLocation(context.name);
  const { prefix, q, view, sort, key } = state;
  const listPrefix = prefix + q;
  const [expiresIn, setExpiresIn] = useState(3600);
  const [notice, setNotice] = useState<NoticeValue | null>(null);
  // The last operation replaced this object: its CDN copies are stale until refreshed.
  const [overwritten, setOverwritten] = useState<{ bucket: string; key: string } | null>(null);
  const link = useMemo(
    () => ({
      private: context.private,
      antiLeech: context.antiLeech,
      origin: context.downloadOrigin,
      expiresIn,
      cdnOrigins: cdnOrigins(context.domains, context.downloadOrigin),
    }),
    [context.private, context.antiLeech, context.downloadOrigin, context.domains, expiresIn],
  );
  const onUp = useCallback(() => {
    if (prefix) openFolder(parentPrefix(prefix));
  }, [prefix, openFolder]);

  function onDone({ op, message, overwritten: replaced }: OperationDone) {
    setNotice({ tone: "ok", text: message });
    setOverwritten(replaced);
    if (op.kind === "delete") openObject(null);
    if (op.kind === "rename") openObject(op.toBucket === context.name ? op.toKey : null);
  }

  const scopes = context.scopePrefixes;
  const allowed = listingAllowed(scopes, listPrefix);
  return (
    <section className="flex h-[calc(100dvh-6.5rem)] min-h-[30rem] flex-col gap-3" data-testid="bucket-browser">
      <BrowserHeader
        context={context}
        prefix={prefix}
        listPrefix={listPrefix}
        onNavigate={openFolder}
        onFetched={(message, key, overwrote) => {
          setNotice({ tone: "ok", text: message });
          setOverwritten(overwrote ? { bucket: context.name, key } : null);
        }}
      />
      <BrowserToolbar
        q={q}
        prefix={prefix}
        sort={sort}
        view={view}
        isPrivate={context.private || context.antiLeech}
        expiresIn={expiresIn}
        onSearch={(text) => update({ q: text, key: null })}
        onSort={(s) => update({ sort: s })}
        onView={(v) => update({ view: v })}
        onExpiresIn={setExpiresIn}
        newFolder={
          context.can.write && allowed
            ? { bucket: context.name, onCreated: (name) => setNotice({ tone: "ok", text: t("browser.folders.created", { name }) }) }
            : undefined
        }
      />
      <Notice notice={notice} onDismiss={() => setNotice(null)} />
      {overwritten && context.can.refreshCdn && (
        <RefreshAfterOverwrite
          key={`${overwritten.bucket}\n${overwritten.key}`}
          bucket={overwritten.bucket}
          keys={[overwritten.key]}
          onDismiss={() => setOverwritten(null)}
        />
      )}
      {allowed ? (
        <BrowserBody
          key={listPrefix}
          context={context}
          prefix={prefix}
          q={q}
          view={view}
          sort={sort}
          openKey={key}
          initial={initial}
          link={link}
          onOpenFolder={openFolder}
          onOpenObject={openObject}
          onUp={onUp}
          onDone={onDone}
          onNotice={setNotice}
        />
      ) : (
        <div className="rounded-lg border border-slate-200 p-4 text-sm dark:border-slate-700" data-testid="scope-notice">
          {/* Opening the bucket itself is no fault: the user picks one of their folders. */}
          {listPrefix !== "" && <p>{t("browser.page.noAccess")}</p>}
          <p className={listPrefix !== "" ? "mt-2 text-slate-500" : ""}>{t("browser.page.scopedTo")}</p>
          <ul className="mt-1 list-disc pl-5">
            {[...new Set(scopes)].map((s) => (
              <li key={s}>
                <Link href={bucketHref(context.name, scopeState(s))} data-testid="scope-link" className="whitespace-pre text-brand-600 hover:underline">
                  {s || "/"}
                </Link>
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}

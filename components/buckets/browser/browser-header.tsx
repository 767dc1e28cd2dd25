"use client";

import Link from "next/link";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useT } from "@/components/i18n-provider";
import { uploadHref } from "@/lib/buckets/browser-url";
import type { BucketContext } from "@/server/actions/buckets";
import { Breadcrumbs } from "./breadcrumbs";
import { FetchUrlDialog } from "./fetch-url-dialog";
import { PrefixStats } from "./prefix-stats";
import { listingAllowed } from "@/lib/buckets/scope-landing";
import { browserKeys } from "./query-keys";

const button = "rounded-md border border-slate-300 px-2 py-1 text-sm hover:bg-slate-100 dark:border-slate-600 dark:hover:bg-slate-800";

interface Props {
  context: BucketContext;
  prefix: string;
  listPrefix: string;
  onNavigate(prefix: string): void;
  onFetched(message: string, key: string, overwrote: boolean): void;
}

export function BrowserHeader({ context, prefix, listPrefix, onNavigate, onFetched }: Props) {
  const t = useT();
  const qc = useQueryClient();
  const [fetching, setFetching] = useState(false);
  return (
    <header className="space-y-2">
      <div className="flex flex-wrap items-center gap-3">
        <Link href="/buckets" className="text-sm text-brand-600 hover:underline">
          ← {t("browser.page.back")}
        </Link>
        <h1 className="text-xl font-semibold" data-testid="bucket-title">
          {context.name}
        </h1>
        <span
          data-testid="bucket-visibility"
          className={`rounded-full px-2 py-0.5 text-xs ${context.private ? "bg-amber-100 text-amber-800 dark:bg-amber-900/40 dark:text-amber-200" : "bg-emerald-100 text-emerald-800 dark:bg-emerald-900/40 dark:text-emerald-200"}`}
        >
          {context.private ? t("browser.buckets.private") : t("browser.buckets.public")}
        </span>
        {context.region && <span className="text-xs text-slate-500">{context.region}</span>}
        <div className="ml-auto flex flex-wrap items-center gap-2">
          {context.can.upload && (
            <Link href={uploadHref(context.name, prefix)} className={button} data-testid="upload-here">
              ⤴ {t("browser.page.uploadHere")}
            </Link>
          )}
          {context.can.upload && (
            <button type="button" className={button} onClick={() => setFetching(true)} data-testid="fetch-url">
              {t("browser.page.fetchUrl")}
            </button>
          )}
          <button
            type="button"
            className={button}
            onClick={() => qc.invalidateQueries({ queryKey: browserKeys.objects(context.name, listPrefix) })}
            data-testid="refresh"
          >
            ↻ {t("browser.page.refresh")}
          </button>
        </div>
      </div>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <Breadcrumbs bucket={context.name} prefix={prefix} onNavigate={onNavigate} />
        {/* Outside the user's prefixes there is nothing they may count (the action would refuse it). */}
        {listingAllowed(context.scopePrefixes, listPrefix) && <PrefixStats key={listPrefix} bucket={context.name} prefix={listPrefix} />}
      </div>
      {fetching && (
        <FetchUrlDialog
          bucket={context.name}
          prefix={prefix}
          onClose={() => setFetching(false)}
          onDone={(message, key, overwrote) => {
            setFetching(false);
            onFetched(message, key, overwrote);
          }}
        />
      )}
    </header>
  );
}

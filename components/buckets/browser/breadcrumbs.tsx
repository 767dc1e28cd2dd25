"use client";

import type { MouseEvent } from "react";
import { useT } from "@/components/i18n-provider";
import { bucketHref } from "@/lib/buckets/browser-url";
import { breadcrumbs } from "@/lib/buckets/paths";

/** Root › a › b: real links (open in a new tab works), followed in place with the History API. */
export function Breadcrumbs({ bucket, prefix, onNavigate }: { bucket: string; prefix: string; onNavigate(prefix: string): void }) {
  const t = useT();
  const crumbs = [{ label: bucket, prefix: "" }, ...breadcrumbs(prefix)];
  const follow = (target: string) => (e: MouseEvent) => {
    if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
    e.preventDefault();
    onNavigate(target);
  };
  return (
    <nav aria-label={t("browser.page.root")} data-testid="breadcrumbs" className="min-w-0">
      <ol className="flex flex-wrap items-center gap-1 text-sm">
        {crumbs.map((c, i) => {
          const last = i === crumbs.length - 1;
          const label = i === 0 ? `${c.label}` : c.label === "" ? t("browser.page.emptySegment") : c.label;
          return (
            <li key={c.prefix} className="flex min-w-0 items-center gap-1">
              {i > 0 && (
                <span aria-hidden className="text-slate-400">
                  /
                </span>
              )}
              {last ? (
                <span aria-current="page" className="truncate whitespace-pre font-medium">
                  {label}
                </span>
              ) : (
                <a
                  href={bucketHref(bucket, { prefix: c.prefix })}
                  onClick={follow(c.prefix)}
                  className="truncate whitespace-pre text-brand-600 hover:underline"
                >
                  {label}
                </a>
              )}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}

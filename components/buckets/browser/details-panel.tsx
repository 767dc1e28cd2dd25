"use client";

import { useQuery } from "@tanstack/react-query";
import type { KeyboardEvent } from "react";
import { useT } from "@/components/i18n-provider";
import type { BucketContext } from "@/server/actions/buckets";
import { ResultError } from "@/lib/actions/result";
import { QueryError, QueryLoading } from "../../ui/query-state";
import { ObjectFacts } from "./object-facts";
import { ObjectLinks } from "./object-links";
import { ObjectOperations, type OperationDone } from "./object-operations";
import { ObjectPreview } from "./object-preview";
import { browserKeys } from "./query-keys";
import { bucketReads } from "./reads";
import type { LinkSettings } from "./use-object-link";

interface Props {
  context: BucketContext;
  objectKey: string;
  link: LinkSettings;
  onClose(): void;
  onDone(done: OperationDone): void;
}

/** The open object: everything stat says, a preview, links and operations. Escape closes it. */
export function DetailsPanel({ context, objectKey, link, onClose, onDone }: Props) {
  const t = useT();
  const stat = useQuery({
    queryKey: browserKeys.stat(context.name, objectKey),
    queryFn: ({ signal }) => bucketReads.stat(context.name, objectKey, signal),
  });

  function onKeyDown(e: KeyboardEvent) {
    if (e.key === "Escape" && !(e.target as Element).closest("dialog")) {
      e.preventDefault();
      onClose();
    }
  }

  const gone = stat.error instanceof ResultError && stat.error.code === "qiniu.not_found";
  return (
    <aside
      aria-label={t("browser.details.title")}
      data-testid="details-panel"
      onKeyDown={onKeyDown}
      // Beside the list on wide screens; a sheet over the bottom of the screen below `lg`, so the list keeps its width.
      className="fixed inset-x-0 bottom-0 z-30 flex h-[75dvh] w-full flex-col overflow-hidden rounded-t-xl border border-slate-200 bg-white shadow-2xl lg:static lg:z-auto lg:h-auto lg:w-[28rem] lg:max-w-[45%] lg:shrink-0 lg:rounded-lg lg:shadow-none dark:border-slate-700 dark:bg-slate-900"
    >
      <div className="flex items-center justify-between gap-2 border-b border-slate-200 px-3 py-2 dark:border-slate-700">
        <h2 className="truncate whitespace-pre text-sm font-semibold" title={objectKey}>
          {objectKey}
        </h2>
        <button
          type="button"
          onClick={onClose}
          aria-label={t("browser.details.close")}
          data-testid="close-details"
          className="rounded px-2 text-slate-600 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800"
        >
          ✕
        </button>
      </div>
      <div className="min-h-0 flex-1 space-y-4 overflow-auto p-3">
        {stat.isPending && <QueryLoading />}
        {stat.error && (gone ? <p className="text-sm text-red-600">{t("browser.details.gone")}</p> : <QueryError error={stat.error} retry={stat} />)}
        {stat.data && (
          <>
            <ObjectFacts object={stat.data} />
            <ObjectLinks bucket={context.name} objectKey={objectKey} link={link} canProcess={context.can.process} signed={stat.data.status === 1} />
            <ObjectPreview object={stat.data} link={link} />
            <ObjectOperations object={stat.data} context={context} onDone={onDone} />
          </>
        )}
      </div>
    </aside>
  );
}

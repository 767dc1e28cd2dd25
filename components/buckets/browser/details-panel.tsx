"use client";

import { useQuery } from "@tanstack/react-query";
import type { KeyboardEvent } from "react";
import { useT } from "@/components/i18n-provider";
import { statObject } from "@/server/actions/objects";
import type { BucketContext } from "@/server/actions/buckets";
import { ActionCallError, unwrap } from "../../ui/action-call";
import { ObjectFacts } from "./object-facts";
import { ObjectLinks } from "./object-links";
import { ObjectOperations, type OperationDone } from "./object-operations";
import { ObjectPreview } from "./object-preview";
import { browserKeys } from "./query-keys";
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
    queryFn: () => unwrap(statObject({ bucket: context.name, key: objectKey })),
    retry: (count, err) => !(err instanceof ActionCallError && err.code === "qiniu.not_found") && count < 1,
  });

  function onKeyDown(e: KeyboardEvent) {
    if (e.key === "Escape" && !(e.target as Element).closest("dialog")) {
      e.preventDefault();
      onClose();
    }
  }

  const gone = stat.error instanceof ActionCallError && stat.error.code === "qiniu.not_found";
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
        <button type="button" onClick={onClose} aria-label={t("browser.details.close")} data-testid="close-details" className="rounded px-2 text-slate-600 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800">
          ✕
        </button>
      </div>
      <div className="min-h-0 flex-1 space-y-4 overflow-auto p-3">
        {stat.isPending && <p className="text-sm text-slate-500">{t("common.loading")}</p>}
        {stat.error && <p className="text-sm text-red-600">{gone ? t("browser.details.gone") : t("browser.details.loadFailed", { message: stat.error.message })}</p>}
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

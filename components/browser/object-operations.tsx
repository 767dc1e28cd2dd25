"use client";

import { useState } from "react";
import { useT } from "@/components/i18n-provider";
import { formatBytes } from "@/lib/browser/format";
import { needsRestore } from "@/lib/browser/storage-class";
import type { ObjectDetails } from "@/server/actions/objects";
import type { BucketContext } from "@/server/actions/buckets";
import { OperationDialog } from "./operation-dialog";
import type { Operation, OperationKind, OperationResult } from "./use-object-operation";

const button = "rounded-md border border-slate-300 px-2 py-1 text-left text-sm hover:bg-slate-100 dark:border-slate-600 dark:hover:bg-slate-800";

export interface OperationDone {
  op: Operation;
  object: ObjectDetails;
  message: string;
  /** an existing object the operation replaced (its CDN copies are stale) */
  overwritten: OperationResult["overwritten"];
}

/** The single-object operations this user's role allows, each in its own dialog. */
export function ObjectOperations({ object, context, onDone }: { object: ObjectDetails; context: BucketContext; onDone(done: OperationDone): void }) {
  const t = useT();
  const [open, setOpen] = useState<OperationKind | null>(null);
  const kinds: OperationKind[] = [];
  if (context.can.write) {
    if (context.can.delete) kinds.push("rename");
    kinds.push("copy", "chgm", "chtype", "deleteAfterDays");
    if (needsRestore(object.type)) kinds.push("restore");
    if (context.mirror) kinds.push("prefetch");
  }
  if (context.can.delete) kinds.push("delete");
  if (kinds.length === 0) return null;

  function message(op: Operation): string {
    switch (op.kind) {
      case "rename":
      case "copy":
        return t(`browser.ops.done.${op.kind}`, { bucket: op.toBucket, key: op.toKey });
      case "delete":
        return t("browser.ops.done.delete", { key: object.key });
      case "chgm":
        return t("browser.ops.done.chgm", { mime: op.mimeType });
      default:
        return t(`browser.ops.done.${op.kind}`, { size: formatBytes(object.fsize) });
    }
  }

  return (
    <section aria-label={t("browser.ops.title")} data-testid="object-operations">
      <h3 className="mb-2 text-sm font-medium">{t("browser.ops.title")}</h3>
      <div className="grid grid-cols-2 gap-2">
        {kinds.map((k) => (
          <button key={k} type="button" data-testid={`op-${k}`} className={k === "delete" ? `${button} text-red-700 dark:text-red-400` : button} onClick={() => setOpen(k)}>
            {t(`browser.ops.${k}`)}
          </button>
        ))}
      </div>
      {open && (
        <OperationDialog
          kind={open}
          object={object}
          buckets={context.buckets}
          onClose={() => setOpen(null)}
          onDone={(op, result) => {
            setOpen(null);
            onDone({ op, object, message: message(op), overwritten: result.overwritten });
          }}
        />
      )}
    </section>
  );
}

"use client";

import { useState } from "react";
import { useT } from "@/components/i18n-provider";
import { needsRestore } from "@/lib/buckets/storage-class";
import type { ObjectDetails } from "@/server/actions/objects";
import type { BucketContext } from "@/server/actions/buckets";
import { OperationDialog } from "./operation-dialog";
import type { Operation, OperationKind, OperationResult } from "./use-object-operation";
import { formatBytes } from "@/lib/i18n/format";

const button = "rounded-md border border-slate-300 px-2 py-1 text-left text-sm hover:bg-slate-100 dark:border-slate-600 dark:hover:bg-slate-800";

export interface OperationDone {
  op: Operation;
  object: ObjectDetails;
  message: string;
  /** an existing object the operation replaced (its CDN copies are stale) */
  overwritten: OperationResult["overwritten"];
}

/** The single-object operations the role allows on an object of this class and status (the server checks the scope). */
export function operationKinds(context: Pick<BucketContext, "can" | "mirror">, object: { type: number }): OperationKind[] {
  const kinds: OperationKind[] = [];
  if (context.can.write) {
    if (context.can.delete) kinds.push("rename");
    kinds.push("copy", "chgm", "chtype", "chstatus", "meta", "deleteAfterDays");
    if (needsRestore(object.type)) kinds.push("restore");
    if (context.mirror) kinds.push("prefetch");
  }
  if (context.can.delete) kinds.push("delete");
  return kinds;
}

/** The notice shown once `op` is done on `object`. */
export function operationMessage(t: ReturnType<typeof useT>, op: Operation, object: { key: string; fsize: number }): string {
  switch (op.kind) {
    case "rename":
    case "copy":
      return t(`browser.ops.done.${op.kind}`, { bucket: op.toBucket, key: op.toKey });
    case "delete":
      return t("browser.ops.done.delete", { key: object.key });
    case "chgm":
      return t("browser.ops.done.chgm", { mime: op.mimeType });
    case "chstatus":
      return t(op.status === 1 ? "browser.ops.done.disabled" : "browser.ops.done.enabled", { key: object.key });
    default:
      return t(`browser.ops.done.${op.kind}`, { size: formatBytes(object.fsize) });
  }
}

/** The single-object operations this user's role allows, each in its own dialog. */
export function ObjectOperations({ object, context, onDone }: { object: ObjectDetails; context: BucketContext; onDone(done: OperationDone): void }) {
  const t = useT();
  const [open, setOpen] = useState<OperationKind | null>(null);
  const kinds = operationKinds(context, object);
  if (kinds.length === 0) return null;
  const label = (k: OperationKind) => (k === "chstatus" ? t(object.status === 1 ? "browser.ops.enable" : "browser.ops.disable") : t(`browser.ops.${k}`));

  return (
    <section aria-label={t("browser.ops.title")} data-testid="object-operations">
      <h3 className="mb-2 text-sm font-medium">{t("browser.ops.title")}</h3>
      <div className="grid grid-cols-2 gap-2">
        {kinds.map((k) => (
          <button
            key={k}
            type="button"
            data-testid={`op-${k}`}
            className={k === "delete" ? `${button} text-red-700 dark:text-red-400` : button}
            onClick={() => setOpen(k)}
          >
            {label(k)}
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
            onDone({ op, object, message: operationMessage(t, op, object), overwritten: result.overwritten });
          }}
        />
      )}
    </section>
  );
}

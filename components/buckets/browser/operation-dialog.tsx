"use client";

import { useT } from "@/components/i18n-provider";
import type { MessageKey } from "@/lib/i18n/translate";
import type { ObjectDetails } from "@/server/actions/objects";
import { ActionCallError } from "../../ui/action-call";
import { Modal } from "../../ui/modal";
import { OperationForm } from "./operation-form";
import { useObjectOperation, type Operation, type OperationKind, type OperationResult } from "./use-object-operation";

const TITLES: Record<Exclude<OperationKind, "chstatus">, MessageKey> = {
  rename: "browser.ops.rename",
  copy: "browser.ops.copy",
  delete: "browser.ops.delete",
  chgm: "browser.ops.chgm",
  chtype: "browser.ops.chtype",
  deleteAfterDays: "browser.ops.deleteAfterDays",
  restore: "browser.ops.restore",
  prefetch: "browser.ops.prefetch",
  meta: "browser.ops.meta",
} as const;

export function OperationDialog({
  kind,
  object,
  buckets,
  onClose,
  onDone,
}: {
  kind: OperationKind;
  object: ObjectDetails;
  buckets: string[];
  onClose(): void;
  onDone(op: Operation, result: OperationResult): void;
}) {
  const t = useT();
  const mutation = useObjectOperation(object.bucket, object.key);
  const error = mutation.error;
  return (
    <Modal
      title={kind === "chstatus" ? t(object.status === 1 ? "browser.ops.enable" : "browser.ops.disable") : t(TITLES[kind])}
      onClose={onClose}
      testId="op-dialog"
    >
      <OperationForm
        kind={kind}
        object={object}
        buckets={buckets}
        pending={mutation.isPending}
        onSubmit={(op) => mutation.mutate(op, { onSuccess: (result) => onDone(op, result) })}
      />
      {error && (
        <p role="status" data-testid="op-error" className="mt-3 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 dark:bg-red-950/50 dark:text-red-200">
          {t("browser.ops.failed", { message: error.message })}
          {error instanceof ActionCallError && error.reqId && <span className="ml-2 font-mono text-xs">{t("browser.ops.reqId", { reqId: error.reqId })}</span>}
        </p>
      )}
    </Modal>
  );
}

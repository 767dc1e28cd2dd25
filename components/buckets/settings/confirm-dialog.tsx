"use client";

import { Modal } from "@/components/ui/modal";
import { useT } from "@/components/i18n-provider";
import { button, danger } from "./common";

/** "Are you sure?" for removing one rule or tag set. */
export function ConfirmDialog({ title, body, pending, onConfirm, onClose }: { title: string; body: string; pending: boolean; onConfirm(): void; onClose(): void }) {
  const t = useT();
  return (
    <Modal title={title} onClose={onClose} testId="confirm-dialog">
      <p className="text-sm">{body}</p>
      <div className="mt-4 flex justify-end gap-2">
        <button type="button" className={button} onClick={onClose}>
          {t("common.cancel")}
        </button>
        <button type="button" className={danger} disabled={pending} onClick={onConfirm} data-testid="confirm-yes">
          {t("common.confirm")}
        </button>
      </div>
    </Modal>
  );
}

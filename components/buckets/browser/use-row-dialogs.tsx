"use client";

import { useCallback, useMemo, useState, type ReactNode } from "react";
import { useT } from "@/components/i18n-provider";
import type { BrowserRow, ObjectRow } from "@/lib/buckets/listing";
import type { RowsModel } from "@/lib/buckets/rows-model";
import type { BucketContext } from "@/server/actions/buckets";
import type { FolderJobKind } from "@/lib/buckets/folder-names";
import { BulkDialog } from "./bulk-dialog";
import type { BulkAction } from "./bulk-fields";
import { FolderJobDialog } from "./folder-job-dialog";
import { FolderZipDialog } from "./folder-zip-dialog";
import type { NoticeValue } from "../../ui/notice";
import { operationKinds, operationMessage, type OperationDone } from "./object-operations";
import { rowId } from "./object-list";
import { OperationDialog } from "./operation-dialog";
import { rowDetails, type RowActions } from "./row-actions";
import type { OperationKind } from "./use-object-operation";

interface Options {
  context: BucketContext;
  /** the listed folder (no search text): bulk moves keep names below it */
  folder: string;
  model: RowsModel;
  open(row: BrowserRow): void;
  onDone(done: OperationDone): void;
  onNotice(notice: NoticeValue): void;
  /** keys that left this listing (deleted, moved) */
  forget(keys: string[]): void;
}

/** The dialogs started from a row (its menu or a shortcut) and from the selection bar, with what the rows need. */
export function useRowDialogs({ context, folder, model, open, onDone, onNotice, forget }: Options) {
  const t = useT();
  const [rowOp, setRowOp] = useState<{ row: ObjectRow; kind: OperationKind } | null>(null);
  const [bulk, setBulk] = useState<{ action: BulkAction; keys: string[] } | null>(null);
  const [folderJob, setFolderJob] = useState<{ prefix: string; kind: FolderJobKind } | null>(null);
  const [folderZip, setFolderZip] = useState<string | null>(null);

  const operate = useCallback(
    (row: ObjectRow, kind: OperationKind) => {
      if (operationKinds(context, row).includes(kind)) setRowOp({ row, kind });
    },
    [context],
  );
  const actions = useMemo<RowActions>(
    () => ({
      context,
      onOpen: open,
      onOperate: operate,
      onFolder: (prefix, kind) => setFolderJob({ prefix, kind }),
      onFolderZip: setFolderZip,
      onError: (err) => onNotice({ tone: "error", text: t("browser.ops.failed", { message: err.message }) }),
    }),
    [context, open, operate, onNotice, t],
  );

  const statusOf = useCallback((key: string) => model.rows.find((r): r is ObjectRow => r.kind === "object" && r.key === key)?.status, [model]);

  const keyboard = {
    remove(keys: string[], focused: ObjectRow | null) {
      if (!context.can.delete) return;
      if (keys.length > 1 || (keys.length === 1 && keys[0] !== focused?.key)) setBulk({ action: "delete", keys });
      else if (focused) operate(focused, "delete");
    },
    rename: (row: ObjectRow) => operate(row, "rename"),
    menu: (position: number) => document.getElementById(rowId(position))?.querySelector<HTMLButtonElement>("[data-row-menu]")?.click(),
  };

  let dialogs: ReactNode = null;
  if (rowOp) {
    const object = rowDetails(context.name, rowOp.row);
    dialogs = (
      <OperationDialog
        kind={rowOp.kind}
        object={object}
        buckets={context.buckets}
        onClose={() => setRowOp(null)}
        onDone={(op, result) => {
          setRowOp(null);
          if (op.kind === "delete" || op.kind === "rename") forget([object.key]);
          onDone({ op, object, message: operationMessage(t, op, object), overwritten: result.overwritten });
        }}
      />
    );
  } else if (folderJob) {
    dialogs = (
      <FolderJobDialog bucket={context.name} buckets={context.buckets} folder={folderJob.prefix} kind={folderJob.kind} onClose={() => setFolderJob(null)} />
    );
  } else if (folderZip !== null) {
    dialogs = <FolderZipDialog bucket={context.name} prefix={folderZip} onClose={() => setFolderZip(null)} />;
  } else if (bulk) {
    dialogs = (
      <BulkDialog
        bucket={context.name}
        folder={folder}
        keys={bulk.keys}
        action={bulk.action}
        buckets={context.buckets}
        statusOf={statusOf}
        onClose={() => setBulk(null)}
        onGone={forget}
      />
    );
  }
  return { actions, keyboard, dialogs, openBulk: (action: BulkAction, keys: string[]) => setBulk({ action, keys }) };
}

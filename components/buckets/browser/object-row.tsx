"use client";

import clsx from "clsx";
import { memo, type MouseEvent } from "react";
import { useT } from "@/components/i18n-provider";
import type { BrowserRow } from "@/lib/buckets/listing";
import { STORAGE_CLASS_NAMES, isStorageClass } from "@/lib/buckets/storage-class";
import { FileIcon } from "./file-icon";
import { FolderMenu } from "./folder-menu";
import { LocalTime } from "../../ui/local-time";
import type { RowActions } from "./row-actions";
import { RowMenu } from "./row-menu";
import { RowName } from "./row-name";
import type { LinkSettings } from "./use-object-link";
import { formatBytes } from "@/lib/i18n/format";
import { putTimeToDate } from "@/lib/buckets/format";

// Columns follow the list's own width (container queries), so the details panel beside it never squeezes the names:
// narrow lists drop the type and storage class, then the date.
export const LIST_COLUMNS =
  "grid grid-cols-[2rem_minmax(0,1fr)_5.5rem_2.5rem] @2xl:grid-cols-[2rem_minmax(0,1fr)_5.5rem_11.5rem_2.5rem] @4xl:grid-cols-[2rem_minmax(0,1fr)_5.5rem_10rem_7rem_11.5rem_2.5rem] items-center gap-2 px-2";
export const WIDE_ONLY = "hidden @4xl:block";
export const MEDIUM_UP = "hidden @2xl:block";
export const ROW_HEIGHT = 40;

export interface RowHandlers {
  onClick(position: number, row: BrowserRow, e: MouseEvent): void;
  onOpen(row: BrowserRow): void;
  onToggle(key: string): void;
}

interface Props extends RowHandlers {
  id: string;
  position: number;
  row: BrowserRow;
  prefix: string;
  bucket: string;
  link: LinkSettings;
  actions: RowActions;
  active: boolean;
  selected: boolean;
  open: boolean;
}

export const ObjectRowView = memo(function ObjectRowView({
  id,
  position,
  row,
  prefix,
  bucket,
  link,
  actions,
  active,
  selected,
  open,
  onClick,
  onOpen,
  onToggle,
}: Props) {
  const t = useT();
  const object = row.kind === "object" ? row : null;
  return (
    <div
      id={id}
      role="row"
      aria-selected={selected}
      data-testid={object ? "object-row" : "folder-row"}
      data-key={row.key}
      data-active={active || undefined}
      onClick={(e) => onClick(position, row, e)}
      onDoubleClick={() => onOpen(row)}
      className={clsx(
        LIST_COLUMNS,
        "h-10 cursor-default border-b border-slate-100 text-sm dark:border-slate-800",
        selected ? "bg-brand-50 dark:bg-slate-800" : "hover:bg-slate-50 dark:hover:bg-slate-900",
        active && "outline-2 -outline-offset-2 outline-brand-500",
        open && "font-medium",
      )}
    >
      <span role="gridcell" className="flex justify-center">
        {object && (
          <input
            type="checkbox"
            tabIndex={-1}
            checked={selected}
            aria-label={t("browser.row.select", { name: row.key })}
            onClick={(e) => e.stopPropagation()}
            onChange={() => onToggle(row.key)}
          />
        )}
      </span>
      <span role="gridcell" className="flex min-w-0 items-center gap-2">
        <FileIcon row={row} className="shrink-0" />
        <button
          type="button"
          tabIndex={-1}
          data-testid="row-name"
          className="min-w-0 truncate text-left hover:text-brand-600 hover:underline"
          onClick={(e) => {
            e.stopPropagation();
            onOpen(row);
          }}
        >
          <RowName row={row} prefix={prefix} />
        </button>
        {object?.status === 1 && (
          <span data-testid="row-disabled" className="shrink-0 rounded bg-red-100 px-1 text-xs text-red-700 dark:bg-red-950 dark:text-red-300">
            {t("browser.row.disabled")}
          </span>
        )}
      </span>
      <span role="gridcell" className="text-right tabular-nums text-slate-600 dark:text-slate-300">
        {object ? formatBytes(object.fsize) : ""}
      </span>
      <span role="gridcell" className={clsx(WIDE_ONLY, "truncate text-slate-500")} title={object?.mimeType}>
        {object ? object.mimeType : t("browser.row.folder")}
      </span>
      <span role="gridcell" className={clsx(WIDE_ONLY, "truncate text-slate-500")}>
        {object && isStorageClass(object.type) ? t(`browser.storageClass.${STORAGE_CLASS_NAMES[object.type]}`) : ""}
      </span>
      <span role="gridcell" className={clsx(MEDIUM_UP, "truncate tabular-nums text-slate-500")}>
        {object ? <LocalTime date={putTimeToDate(object.putTime)} /> : ""}
      </span>
      <span role="gridcell">
        {object ? (
          <RowMenu row={object} bucket={bucket} link={link} actions={actions} active={active} />
        ) : (
          <FolderMenu prefix={row.key} actions={actions} active={active} />
        )}
      </span>
    </div>
  );
});

export function PlaceholderRow() {
  const t = useT();
  return (
    <div role="row" aria-busy="true" className={clsx(LIST_COLUMNS, "h-10 border-b border-slate-100 text-sm text-slate-400 dark:border-slate-800")}>
      <span role="gridcell" />
      <span role="gridcell" className="animate-pulse">
        {t("browser.row.placeholder")}
      </span>
    </div>
  );
}

"use client";

import clsx from "clsx";
import type { MouseEvent } from "react";
import type { BrowserRow } from "@/lib/buckets/listing";
import { FileIcon } from "./file-icon";
import { FolderMenu } from "./folder-menu";
import type { RowActions } from "./row-actions";
import { RowMenu } from "./row-menu";
import { RowName } from "./row-name";
import type { LinkSettings } from "./use-object-link";
import { formatBytes } from "@/lib/i18n/format";

export const CARD_WIDTH = 168;
export const CARD_HEIGHT = 188;

interface Props {
  id: string;
  position: number;
  row: BrowserRow;
  prefix: string;
  bucket: string;
  link: LinkSettings;
  actions: RowActions;
  thumbnail?: string;
  active: boolean;
  selected: boolean;
  onClick(position: number, row: BrowserRow, e: MouseEvent): void;
  onOpen(row: BrowserRow): void;
}

export function ObjectCard({ id, position, row, prefix, bucket, link, actions, thumbnail, active, selected, onClick, onOpen }: Props) {
  return (
    <div
      id={id}
      role="gridcell"
      aria-selected={selected}
      data-testid={row.kind === "object" ? "object-card" : "folder-card"}
      data-key={row.key}
      onClick={(e) => onClick(position, row, e)}
      onDoubleClick={() => onOpen(row)}
      className={clsx(
        "flex h-[176px] w-[160px] cursor-default flex-col overflow-hidden rounded-lg border text-sm",
        selected ? "border-brand-500 bg-brand-50 dark:bg-slate-800" : "border-slate-200 hover:bg-slate-50 dark:border-slate-700 dark:hover:bg-slate-900",
        active && "outline-2 outline-offset-1 outline-brand-500",
      )}
    >
      <div className="flex h-[120px] items-center justify-center bg-slate-100 text-5xl dark:bg-slate-800">
        {thumbnail ? (
          // A plain img: thumbnails come from the bucket's own domain, already resized by imageView2.
          // eslint-disable-next-line @next/next/no-img-element
          <img src={thumbnail} alt="" loading="lazy" decoding="async" className="h-full w-full object-cover" />
        ) : (
          <FileIcon row={row} />
        )}
      </div>
      <button
        type="button"
        tabIndex={-1}
        className="truncate px-2 pt-1 text-left hover:underline"
        onClick={(e) => {
          e.stopPropagation();
          onOpen(row);
        }}
      >
        <RowName row={row} prefix={prefix} />
      </button>
      <div className="flex items-center justify-between px-2 text-xs text-slate-500">
        <span>{row.kind === "object" ? formatBytes(row.fsize) : ""}</span>
        {row.kind === "object" ? (
          <RowMenu row={row} bucket={bucket} link={link} actions={actions} active={active} />
        ) : (
          <FolderMenu prefix={row.key} actions={actions} active={active} />
        )}
      </div>
    </div>
  );
}

"use client";

import { useT } from "@/components/i18n-provider";
import { StorageClassOptions } from "@/components/ui/storage-class-options";
import { bulkTargetKey, type BulkChange } from "@/lib/buckets/bulk-ops";
import { isValidMime, isValidPrefix } from "@/lib/buckets/keys";
import { compactFieldClass } from "@/components/ui/field-styles";

export type BulkAction = "delete" | "move" | "copy" | "chtype" | "chgm" | "disable" | "enable";

export interface BulkDraft {
  toBucket: string;
  toPrefix: string;
  force: boolean;
  type: 0 | 1 | 2 | 3 | 4;
  mime: string;
}

const field = compactFieldClass;

/** The change the dialog would run, or the message key of what is wrong with the fields. */
export function draftChange(
  action: BulkAction,
  d: BulkDraft,
  bucket: string,
  folder: string,
): BulkChange | { problem: "browser.ops.invalidMime" | "browser.bulk.invalidPrefix" | "browser.ops.sameTarget" } {
  switch (action) {
    case "delete":
      return { kind: "delete" };
    case "move":
    case "copy":
      if (!isValidPrefix(d.toPrefix)) return { problem: "browser.bulk.invalidPrefix" };
      if (d.toBucket === bucket && d.toPrefix === folder) return { problem: "browser.ops.sameTarget" };
      return { kind: action, toBucket: d.toBucket, toPrefix: d.toPrefix, force: d.force };
    case "chtype":
      return { kind: "chtype", type: d.type };
    case "chgm":
      return isValidMime(d.mime) ? { kind: "chgm", mimeType: d.mime.trim() } : { problem: "browser.ops.invalidMime" };
    case "disable":
    case "enable":
      return { kind: "chstatus", status: action === "disable" ? 1 : 0 };
  }
}

interface Props {
  action: BulkAction;
  draft: BulkDraft;
  buckets: string[];
  onDraft(change: Partial<BulkDraft>): void;
}

/** The fields a bulk change needs: a target for move and copy, a class, a MIME type; nothing for the others. */
export function BulkFields({ action, draft, buckets, onDraft }: Props) {
  const t = useT();
  if (action === "move" || action === "copy")
    return (
      <div className="space-y-2">
        <label className="block">
          {t("browser.ops.targetBucket")}
          <select name="toBucket" className={field} value={draft.toBucket} onChange={(e) => onDraft({ toBucket: e.target.value })}>
            {buckets.map((b) => (
              <option key={b}>{b}</option>
            ))}
          </select>
        </label>
        <label className="block">
          {t("browser.bulk.targetPrefix")}
          <input name="toPrefix" className={field} value={draft.toPrefix} onChange={(e) => onDraft({ toPrefix: e.target.value })} autoFocus />
        </label>
        <label className="flex items-center gap-2">
          <input type="checkbox" name="force" checked={draft.force} onChange={(e) => onDraft({ force: e.target.checked })} />
          {t("browser.ops.overwrite")}
        </label>
      </div>
    );
  if (action === "chtype")
    return (
      <label className="block">
        {t("browser.ops.storageClass")}
        <select name="type" className={field} value={draft.type} onChange={(e) => onDraft({ type: Number(e.target.value) as BulkDraft["type"] })}>
          <StorageClassOptions />
        </select>
      </label>
    );
  if (action === "chgm")
    return (
      <label className="block">
        {t("browser.ops.mimeType")}
        <input name="mimeType" className={field} value={draft.mime} onChange={(e) => onDraft({ mime: e.target.value })} autoFocus />
      </label>
    );
  return null;
}

/** One line per object: what happens to it (for move and copy, where it lands). */
export function BulkPreview({ keys, change, bucket, folder }: { keys: string[]; change: BulkChange | null; bucket: string; folder: string }) {
  return (
    <ul data-testid="bulk-keys" className="max-h-40 overflow-auto rounded border border-slate-200 p-2 font-mono text-xs dark:border-slate-700">
      {keys.map((key) => (
        <li key={key} className="whitespace-pre-wrap break-all">
          {key}
          {change && (change.kind === "move" || change.kind === "copy") && (
            <span className="text-slate-500">
              {" → "}
              {change.toBucket === bucket ? "" : `${change.toBucket}:`}
              {bulkTargetKey(key, folder, change.toPrefix)}
            </span>
          )}
        </li>
      ))}
    </ul>
  );
}

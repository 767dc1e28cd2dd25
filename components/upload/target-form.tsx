"use client";

import { useId } from "react";
import { useT } from "@/components/i18n-provider";
import { StorageClassOptions } from "@/components/ui/storage-class-options";
import { normalizePrefix } from "@/lib/upload/keys";
import { PRESET_IDS, type PresetId } from "@/lib/upload/presets";
import type { UploadLimits } from "@/lib/upload/limits";
import type { MetaRow } from "@/lib/upload/metadata";
import type { StorageClass } from "@/lib/buckets/storage-class";
import { MetadataRows } from "./metadata-rows";
import { formatBytes } from "@/lib/i18n/format";

export interface UploadBucket {
  name: string;
  /** Prefixes the user may upload under; null = anywhere in the bucket. */
  prefixes: string[] | null;
}

export interface TargetState {
  bucket: string;
  prefix: string;
  overwrite: boolean;
  preset: PresetId | "";
  fileType: StorageClass;
  metadata: MetaRow[];
}

export function TargetForm({
  buckets,
  value,
  onChange,
  limits,
  canOverwrite,
  canProcess,
}: {
  buckets: UploadBucket[];
  value: TargetState;
  onChange: (next: TargetState) => void;
  limits: UploadLimits;
  canOverwrite: boolean;
  canProcess: boolean;
}) {
  const t = useT();
  const id = useId();
  const current = buckets.find((b) => b.name === value.bucket);
  const location = `${value.bucket}/${normalizePrefix(value.prefix)}`;
  const listId = `${id}-prefixes`;
  return (
    <fieldset className="grid gap-4 rounded-lg border border-slate-200 bg-white p-4 md:grid-cols-2 dark:border-slate-800 dark:bg-slate-900">
      <legend className="px-1 text-sm font-medium">{t("upload.target.legend")}</legend>
      <label className="grid gap-1 text-sm">
        <span>{t("upload.target.bucket")}</span>
        <select
          data-testid="upload-bucket"
          className="rounded-md border border-slate-300 bg-white px-2 py-1.5 dark:border-slate-700 dark:bg-slate-950"
          value={value.bucket}
          onChange={(e) => {
            const next = buckets.find((b) => b.name === e.target.value);
            onChange({ ...value, bucket: e.target.value, prefix: next?.prefixes?.[0] ?? "" });
          }}
        >
          {buckets.map((b) => (
            <option key={b.name} value={b.name}>
              {b.name}
            </option>
          ))}
        </select>
      </label>
      <label className="grid gap-1 text-sm">
        <span>{t("upload.target.prefix")}</span>
        <input
          data-testid="upload-prefix"
          className="rounded-md border border-slate-300 bg-white px-2 py-1.5 font-mono dark:border-slate-700 dark:bg-slate-950"
          value={value.prefix}
          list={current?.prefixes ? listId : undefined}
          placeholder="photos/2026/"
          onChange={(e) => onChange({ ...value, prefix: e.target.value })}
        />
        {current?.prefixes && (
          <datalist id={listId}>
            {current.prefixes.map((p) => (
              <option key={p} value={p} />
            ))}
          </datalist>
        )}
        <span className="text-xs text-slate-500" data-testid="upload-location">
          {t("upload.target.prefixHint", { location: normalizePrefix(value.prefix) ? location : `${value.bucket} (${t("upload.target.root")})` })}
        </span>
      </label>
      <div className="grid gap-1 text-sm">
        <label className="flex items-center gap-2">
          <input
            type="checkbox"
            data-testid="upload-overwrite"
            checked={value.overwrite && canOverwrite}
            disabled={!canOverwrite}
            onChange={(e) => onChange({ ...value, overwrite: e.target.checked })}
          />
          <span>{t("upload.target.overwrite")}</span>
        </label>
        <span className="text-xs text-slate-500">{canOverwrite ? t("upload.target.overwriteHint") : t("upload.target.overwriteNotAllowed")}</span>
      </div>
      {canProcess && (
        <label className="grid gap-1 text-sm">
          <span>{t("upload.target.preset")}</span>
          <select
            data-testid="upload-preset"
            className="rounded-md border border-slate-300 bg-white px-2 py-1.5 dark:border-slate-700 dark:bg-slate-950"
            value={value.preset}
            onChange={(e) => onChange({ ...value, preset: e.target.value as PresetId | "" })}
          >
            <option value="">{t("upload.target.presetNone")}</option>
            {PRESET_IDS.map((p) => (
              <option key={p} value={p}>
                {t(`upload.presets.${p}`)}
              </option>
            ))}
          </select>
        </label>
      )}
      <label className="grid gap-1 text-sm">
        <span>{t("upload.target.storageClass")}</span>
        <select
          data-testid="upload-storage-class"
          className="rounded-md border border-slate-300 bg-white px-2 py-1.5 dark:border-slate-700 dark:bg-slate-950"
          value={value.fileType}
          onChange={(e) => onChange({ ...value, fileType: Number(e.target.value) as StorageClass })}
        >
          <StorageClassOptions />
        </select>
        <span className="text-xs text-slate-500">{t("upload.target.storageClassHint")}</span>
      </label>
      <MetadataRows rows={value.metadata} onChange={(metadata) => onChange({ ...value, metadata })} />
      <p className="text-xs text-slate-500 md:col-span-2" data-testid="upload-limits">
        {t("upload.target.limits", {
          size: formatBytes(limits.maxFileBytes),
          types: limits.mimeLimit ? limits.mimeLimit.split(";").join(", ") : t("upload.target.anyType"),
        })}
      </p>
    </fieldset>
  );
}

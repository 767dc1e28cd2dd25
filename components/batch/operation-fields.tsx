"use client";

import { useId } from "react";
import { useT } from "@/components/i18n-provider";
import { StorageClassOptions } from "@/components/ui/storage-class-options";
import { BATCH_OPS } from "@/lib/batch/spec";
import type { OpForm } from "./op-form";
import { PatternFields } from "./pattern-fields";
import { inputClass, labelClass } from "@/components/ui/field-styles";

/** The operation and its parameters. */
export function OperationFields({
  value,
  onChange,
  buckets,
  hasTargets,
}: {
  value: OpForm;
  onChange: (next: OpForm) => void;
  buckets: string[];
  hasTargets: boolean;
}) {
  const t = useT();
  const id = useId();
  const set = (patch: Partial<OpForm>) => onChange({ ...value, ...patch });
  const targeted = value.op === "copy" || value.op === "move" || value.op === "rename";
  return (
    <fieldset className="space-y-3">
      <legend className="text-base font-semibold">{t("batch.op.title")}</legend>
      <select
        aria-label={t("batch.op.title")}
        className={`${inputClass} max-w-xs`}
        value={value.op}
        onChange={(e) => set({ op: e.target.value as OpForm["op"] })}
        data-testid="batch-op"
      >
        {BATCH_OPS.map((op) => (
          <option key={op} value={op}>
            {t(`batch.op.${op}`)}
          </option>
        ))}
      </select>
      {(value.op === "copy" || value.op === "move") && (
        <div>
          <label htmlFor={`${id}-tb`} className={labelClass}>
            {t("batch.op.targetBucket")}
          </label>
          <input
            id={`${id}-tb`}
            list={`${id}-tbs`}
            className={`${inputClass} max-w-xs`}
            value={value.targetBucket}
            onChange={(e) => set({ targetBucket: e.target.value.trim() })}
            data-testid="batch-target-bucket"
          />
          <datalist id={`${id}-tbs`}>
            {buckets.map((b) => (
              <option key={b} value={b} />
            ))}
          </datalist>
        </div>
      )}
      {targeted && (
        <>
          <PatternFields value={value} onChange={onChange} hasTargets={hasTargets} allowSame={value.op !== "rename"} />
          <label className="flex items-center gap-1.5 text-sm">
            <input type="checkbox" checked={value.overwrite} onChange={(e) => set({ overwrite: e.target.checked })} data-testid="batch-overwrite" />
            {t("batch.op.overwrite")}
          </label>
        </>
      )}
      {value.op === "chgm" && (
        <Field id={`${id}-mime`} label={t("batch.op.mime")}>
          <input
            id={`${id}-mime`}
            className={`${inputClass} max-w-xs font-mono`}
            value={value.mime}
            placeholder="image/jpeg"
            onChange={(e) => set({ mime: e.target.value })}
            data-testid="batch-mime"
          />
        </Field>
      )}
      {value.op === "chtype" && (
        <Field id={`${id}-type`} label={t("batch.op.storageClass")}>
          <select
            id={`${id}-type`}
            className={`${inputClass} max-w-xs`}
            value={value.type}
            onChange={(e) => set({ type: Number(e.target.value) })}
            data-testid="batch-type"
          >
            <StorageClassOptions />
          </select>
        </Field>
      )}
      {value.op === "deleteAfterDays" && (
        <Field id={`${id}-days`} label={t("batch.op.days")}>
          <input
            id={`${id}-days`}
            type="number"
            min={0}
            className={`${inputClass} max-w-[8rem]`}
            value={value.days}
            onChange={(e) => set({ days: Number(e.target.value) })}
            data-testid="batch-days"
          />
        </Field>
      )}
      {value.op === "restoreAr" && (
        <Field id={`${id}-freeze`} label={t("batch.op.freezeAfterDays")}>
          <input
            id={`${id}-freeze`}
            type="number"
            min={1}
            max={7}
            className={`${inputClass} max-w-[8rem]`}
            value={value.freezeAfterDays}
            onChange={(e) => set({ freezeAfterDays: Number(e.target.value) })}
          />
        </Field>
      )}
    </fieldset>
  );
}

function Field({ id, label, children }: { id: string; label: string; children: React.ReactNode }) {
  return (
    <div>
      <label htmlFor={id} className={labelClass}>
        {label}
      </label>
      {children}
    </div>
  );
}

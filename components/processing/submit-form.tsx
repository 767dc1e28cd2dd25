"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useMemo, useState, type FormEvent } from "react";
import { ActionCallError, unwrap } from "@/components/ui/action-call";
import { useT } from "@/components/i18n-provider";
import { buttonClass, inputClass, primaryClass } from "@/components/ui/field-styles";
import { checkFopLines } from "@/lib/processing/editor";
import type { PfopPresetId } from "@/lib/processing/presets";
import { submitPfop } from "@/server/actions/processing";
import { FopEditor } from "./fop-editor";
import { ObjectPicker } from "./object-picker";
import { PresetPicker } from "./preset-picker";
import { pfopKeys } from "./use-jobs";

export interface SubmitFormProps {
  buckets: string[];
  prefill: { bucket: string; key: string };
  pipelines: string[];
}

export function SubmitForm({ buckets, prefill, pipelines }: SubmitFormProps) {
  const t = useT();
  const id = useId();
  const queryClient = useQueryClient();
  const [bucket, setBucket] = useState(prefill.bucket || buckets[0] || "");
  const [key, setKey] = useState(prefill.key);
  const [presets, setPresets] = useState<PfopPresetId[]>([]);
  const [fops, setFops] = useState("");
  const [pipeline, setPipeline] = useState("");
  const [force, setForce] = useState(false);
  const [picking, setPicking] = useState(false);
  const checks = useMemo(() => checkFopLines(fops), [fops]);
  const count = presets.length + checks.length;
  const submit = useMutation({
    mutationFn: () => unwrap(submitPfop({ bucket, key, presets, fops, pipeline, force })),
    onSuccess: () => {
      setFops("");
      setPresets([]);
      void queryClient.invalidateQueries({ queryKey: pfopKeys.jobs });
    },
  });
  const fieldErrors = submit.error instanceof ActionCallError ? submit.error : undefined;
  const canSubmit = Boolean(bucket && key) && count > 0 && checks.every((c) => c.ok) && !submit.isPending;

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (canSubmit) submit.mutate();
  }

  return (
    <form
      onSubmit={onSubmit}
      className="space-y-4 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900"
      data-testid="pfop-form"
    >
      <h2 className="font-medium">{t("processing.form.title")}</h2>
      <fieldset className="grid grid-cols-1 gap-2 sm:grid-cols-[12rem_1fr_auto] sm:items-end">
        <legend className="mb-1 text-sm font-medium">{t("processing.form.source")}</legend>
        <label className="text-sm">
          {t("processing.form.bucket")}
          <input
            className={inputClass}
            list={`${id}-buckets`}
            value={bucket}
            onChange={(e) => setBucket(e.target.value.trim())}
            data-testid="pfop-bucket"
            required
          />
          <datalist id={`${id}-buckets`}>
            {buckets.map((b) => (
              <option key={b} value={b} />
            ))}
          </datalist>
        </label>
        <label className="text-sm">
          {t("processing.form.key")}
          <input
            className={inputClass}
            value={key}
            onChange={(e) => setKey(e.target.value)}
            placeholder={t("processing.form.keyPlaceholder")}
            data-testid="pfop-key"
            required
          />
        </label>
        <button type="button" className={buttonClass} onClick={() => setPicking(true)} disabled={buckets.length === 0} data-testid="pfop-pick">
          {t("processing.form.pick")}
        </button>
      </fieldset>
      <PresetPicker sourceKey={key} selected={presets} onChange={setPresets} />
      <FopEditor
        value={fops}
        onChange={setFops}
        checks={checks}
        error={fieldErrors?.code === "invalid_fop" || fieldErrors?.code === "no_fops" ? fieldErrors.message : undefined}
      />
      <div className="grid gap-3 sm:grid-cols-2">
        <label className="text-sm">
          {t("processing.form.pipeline")}
          <input className={inputClass} list={`${id}-pipelines`} value={pipeline} onChange={(e) => setPipeline(e.target.value)} data-testid="pfop-pipeline" />
          <datalist id={`${id}-pipelines`}>
            {pipelines.map((p) => (
              <option key={p} value={p} />
            ))}
          </datalist>
          <span className="mt-1 block text-xs text-slate-500">{t("processing.form.pipelineHint")}</span>
        </label>
        <label className="flex items-start gap-2 text-sm sm:mt-6">
          <input type="checkbox" className="mt-0.5" checked={force} onChange={(e) => setForce(e.target.checked)} data-testid="pfop-force" />
          <span>
            {t("processing.form.force")}
            <span className="block text-xs text-slate-500">{t("processing.form.forceHint")}</span>
          </span>
        </label>
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" className={primaryClass} disabled={!canSubmit} data-testid="pfop-submit">
          {submit.isPending ? t("processing.form.submitting") : t("processing.form.submit")}
        </button>
        <span className="text-xs text-slate-500">{t("processing.form.count", { count })}</span>
        <span role="status" className="text-sm">
          {submit.isSuccess && (
            <span className="text-emerald-700 dark:text-emerald-300" data-testid="pfop-submitted">
              {t("processing.form.submitted", { id: submit.data.persistentId })}
            </span>
          )}
          {submit.error && fieldErrors?.code !== "invalid_fop" && (
            <span className="text-red-600" data-testid="pfop-submit-error">
              {submit.error.message}
            </span>
          )}
        </span>
      </div>
      {picking && (
        <ObjectPicker
          buckets={buckets}
          initialBucket={bucket}
          onClose={() => setPicking(false)}
          onPick={(b, k) => {
            setBucket(b);
            setKey(k);
            setPicking(false);
          }}
        />
      )}
    </form>
  );
}

"use client";

import { useMemo, useState, useSyncExternalStore } from "react";
import { useT } from "@/components/i18n-provider";
import { parseKeyList } from "@/lib/batch/key-list";
import { BATCH_SELECTION_STORAGE_KEY } from "@/lib/buckets/browser-url";
import { initialOpForm, operationOf, type OpForm } from "./op-form";
import { OperationFields } from "./operation-fields";
import { SourceFields, type SourceState } from "./source-fields";
import { cardClass, primaryClass } from "@/components/ui/field-styles";
import { TargetPreview } from "./target-preview";
import { useCreateJob, type CreateSource } from "./use-create-job";

const noSubscribe = () => () => {};

/** The selection the bucket browser handed over in sessionStorage (team brief: page hand-offs). */
function useHandedSelection(enabled: boolean): { bucket: string; keys: string[] } | null {
  const raw = useSyncExternalStore(
    noSubscribe,
    () => (enabled ? sessionStorage.getItem(BATCH_SELECTION_STORAGE_KEY) : null),
    () => null,
  );
  return useMemo(() => {
    if (!raw) return null;
    try {
      const value = JSON.parse(raw) as { bucket?: unknown; keys?: unknown };
      if (typeof value.bucket !== "string" || !Array.isArray(value.keys)) return null;
      return { bucket: value.bucket, keys: value.keys.filter((k): k is string => typeof k === "string" && k !== "") };
    } catch {
      return null;
    }
  }, [raw]);
}

export interface NewJobInitial {
  bucket?: string;
  prefix?: string;
  selection?: boolean;
}

/** Step 1 (objects) and step 2 (operation), then a dry run on the server. */
export function NewJobForm({ buckets, initial, onCreated }: { buckets: string[]; initial: NewJobInitial; onCreated: (jobId: string) => void }) {
  const t = useT();
  const selection = useHandedSelection(Boolean(initial.selection));
  const [source, setSource] = useState<SourceState>({
    kind: initial.selection ? "selection" : initial.bucket ? "prefix" : "keys",
    bucket: initial.bucket ?? "",
    prefix: initial.prefix ?? "",
    text: "",
  });
  const [form, setForm] = useState<OpForm>(initialOpForm);
  const { create, busy, progress, error } = useCreateJob(onCreated);

  const list = useMemo(
    () => (source.kind === "keys" && source.text ? parseKeyList(source.text, source.fileName) : null),
    [source.kind, source.text, source.fileName],
  );
  const bucket = source.kind === "selection" ? (selection?.bucket ?? "") : source.bucket;
  const keys = source.kind === "selection" ? (selection?.keys ?? []).map((key) => ({ key })) : source.kind === "keys" ? (list?.keys ?? []) : [];
  const operation = operationOf(form, bucket);
  const ready = Boolean(operation && bucket && (source.kind === "prefix" || keys.length > 0));

  const submit = () => {
    if (!operation || !ready) return;
    const spec: CreateSource = source.kind === "prefix" ? { kind: "prefix", bucket, prefix: source.prefix } : { kind: source.kind, bucket, keys };
    void create(spec, operation);
  };

  return (
    <form
      className={`${cardClass} space-y-5`}
      data-testid="batch-new"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <h2 className="text-lg font-semibold">{t("batch.newJob")}</h2>
      <SourceFields value={source} onChange={setSource} buckets={buckets} selection={selection} list={list} />
      <OperationFields value={form} onChange={setForm} buckets={buckets} hasTargets={Boolean(list?.hasTargets)} />
      {operation && <TargetPreview operation={operation} bucket={bucket} keys={keys} />}
      {error && (
        <p role="status" className="text-sm text-red-600" data-testid="batch-create-error">
          {error}
        </p>
      )}
      <div className="flex items-center gap-3">
        <button type="submit" className={primaryClass} disabled={!ready || busy} data-testid="batch-dry-run">
          {t("batch.dryRun")}
        </button>
        {busy && (
          <span className="text-sm text-slate-500">
            {progress ? t("batch.uploadingKeys", { done: progress.done, total: progress.total }) : t("batch.creating")}
          </span>
        )}
      </div>
    </form>
  );
}

"use client";

import { useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useT } from "@/components/i18n-provider";
import { metaChanges, metaProblem, type MetaEntry } from "@/lib/buckets/object-meta";
import { browserKeys } from "./query-keys";
import { bucketReads } from "./reads";
import type { Operation } from "./use-object-operation";

const field = "w-full min-w-0 rounded-md border border-slate-300 bg-white px-2 py-1 font-mono text-xs dark:border-slate-600 dark:bg-slate-950";

interface Props {
  bucket: string;
  objectKey: string;
  pending: boolean;
  onSubmit(op: Operation): void;
}

/** Custom metadata (`x-qn-meta-*`): the current names from stat, their values editable, new names added below. */
export function MetaForm({ bucket, objectKey, pending, onSubmit }: Props) {
  const stat = useQuery({ queryKey: browserKeys.stat(bucket, objectKey), queryFn: ({ signal }) => bucketReads.stat(bucket, objectKey, signal) });
  if (stat.isPending) return <p className="text-sm text-slate-500">…</p>;
  if (stat.isError) return <p className="text-sm text-red-600">{stat.error.message}</p>;
  return <MetaEditor before={stat.data["x-qn-meta"] ?? {}} pending={pending} onSubmit={onSubmit} />;
}

function MetaEditor({ before, pending, onSubmit }: { before: Record<string, string>; pending: boolean; onSubmit(op: Operation): void }) {
  const t = useT();
  const existing = Object.keys(before).length;
  const [entries, setEntries] = useState<MetaEntry[]>(() => [...Object.entries(before).map(([name, value]) => ({ name, value })), { name: "", value: "" }]);
  const [problem, setProblem] = useState<string | null>(null);
  const edit = (index: number, change: Partial<MetaEntry>) => setEntries((list) => list.map((e, i) => (i === index ? { ...e, ...change } : e)));

  function submit(e: FormEvent) {
    e.preventDefault();
    const found = metaProblem(entries);
    if (found) return setProblem(t(`browser.meta.problem.${found.problem}`, { row: found.index + 1 }));
    const { set, remove } = metaChanges(before, entries);
    if (Object.keys(set).length === 0 && remove.length === 0) return setProblem(t("browser.meta.nothing"));
    onSubmit({ kind: "meta", set, remove });
  }

  return (
    <form onSubmit={submit} className="space-y-3 text-sm" data-testid="op-form-meta">
      <p className="text-xs text-slate-500">{t("browser.meta.hint")}</p>
      <div className="grid grid-cols-[minmax(0,2fr)_minmax(0,3fr)_auto] items-center gap-2">
        <span className="text-xs font-medium">{t("browser.meta.name")}</span>
        <span className="text-xs font-medium">{t("browser.meta.value")}</span>
        <span />
        {entries.map((entry, i) => (
          <MetaRow key={i} index={i} entry={entry} fixed={i < existing} onChange={(c) => edit(i, c)} />
        ))}
      </div>
      <button type="button" className="text-xs text-brand-600 hover:underline" onClick={() => setEntries((l) => [...l, { name: "", value: "" }])}>
        {t("browser.meta.add")}
      </button>
      {problem && (
        <p role="status" className="text-red-600 dark:text-red-400">
          {problem}
        </p>
      )}
      <div className="flex justify-end">
        <button
          type="submit"
          disabled={pending}
          data-testid="op-submit"
          className="rounded-md bg-brand-600 px-3 py-1.5 font-medium text-white hover:bg-brand-700 disabled:opacity-60"
        >
          {pending ? t("browser.ops.working") : t("browser.ops.submit")}
        </button>
      </div>
    </form>
  );
}

function MetaRow({ index, entry, fixed, onChange }: { index: number; entry: MetaEntry; fixed: boolean; onChange(c: Partial<MetaEntry>): void }) {
  const t = useT();
  return (
    <>
      <input
        name={`meta-name-${index}`}
        aria-label={t("browser.meta.nameOf", { row: index + 1 })}
        className={field}
        value={entry.name}
        readOnly={fixed}
        onChange={(e) => onChange({ name: e.target.value })}
        placeholder="x-qn-meta-…"
      />
      <input
        name={`meta-value-${index}`}
        aria-label={t("browser.meta.valueOf", { row: index + 1 })}
        className={`${field} ${entry.removed ? "line-through opacity-60" : ""}`}
        value={entry.value}
        disabled={entry.removed}
        onChange={(e) => onChange({ value: e.target.value })}
      />
      {fixed ? (
        <button
          type="button"
          className="text-xs text-red-600 hover:underline"
          data-testid={`meta-remove-${index}`}
          aria-pressed={Boolean(entry.removed)}
          onClick={() => onChange({ removed: !entry.removed })}
        >
          {entry.removed ? t("browser.meta.keep") : t("browser.meta.remove")}
        </button>
      ) : (
        <span />
      )}
    </>
  );
}

"use client";

import { useQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useT } from "@/components/i18n-provider";
import { lifecycleOrderProblem } from "@/lib/buckets/schemas";
import { LIFECYCLE_DAY_FIELDS, RULE_NAME, type LifecycleDayField, type LifecycleRule } from "@/lib/qiniu/bucket-types";
import type { MessageKey } from "@/lib/i18n/translate";
import { deleteLifecycleRule, getLifecycleRules, saveLifecycleRule } from "@/server/actions/bucket-rules";
import { button, call, card, Field, hint, input, Loadable, primary, useSave } from "./common";
import { ConfirmDialog } from "@/components/ui/modal";
import { bucketKeys } from "./query-keys";

const DAY_LABEL: Record<LifecycleDayField, MessageKey> = {
  to_line_after_days: "buckets.lifecycle.toIa",
  to_archive_ir_after_days: "buckets.lifecycle.toArchiveIr",
  to_archive_after_days: "buckets.lifecycle.toArchive",
  to_deep_archive_after_days: "buckets.lifecycle.toDeepArchive",
  delete_after_days: "buckets.lifecycle.delete",
};

type Draft = { name: string; prefix: string } & Record<LifecycleDayField, string>;

const blank: Draft = {
  name: "",
  prefix: "",
  to_line_after_days: "",
  to_archive_ir_after_days: "",
  to_archive_after_days: "",
  to_deep_archive_after_days: "",
  delete_after_days: "",
};
const draftOf = (r: LifecycleRule): Draft =>
  ({ name: r.name, prefix: r.prefix, ...Object.fromEntries(LIFECYCLE_DAY_FIELDS.map((f) => [f, r[f] ? String(r[f]) : ""])) }) as Draft;

function RuleForm({ bucket, initial, mode, onDone }: { bucket: string; initial: Draft; mode: "add" | "update"; onDone(): void }) {
  const t = useT();
  const id = useId();
  const [d, setD] = useState(initial);
  const { save, pending, notice, setNotice } = useSave(saveLifecycleRule, [bucketKeys.lifecycle(bucket)], onDone);
  const submit = () => {
    if (!RULE_NAME.test(d.name)) return setNotice({ tone: "error", text: t("buckets.lifecycle.nameHint") });
    if (LIFECYCLE_DAY_FIELDS.some((f) => d[f].trim() !== "" && !/^\d+$/.test(d[f].trim())))
      return setNotice({ tone: "error", text: t("buckets.errors.notNumber") });
    const rule = { name: d.name, prefix: d.prefix, ...Object.fromEntries(LIFECYCLE_DAY_FIELDS.map((f) => [f, Number(d[f].trim() || 0)])) } as LifecycleRule;
    if (lifecycleOrderProblem(rule)) return setNotice({ tone: "error", text: t("buckets.lifecycle.order") });
    save({ bucket, mode, rule });
  };
  return (
    <form
      className={card}
      data-testid="lifecycle-form"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <div className="grid gap-3 sm:grid-cols-2">
        <Field label={t("buckets.lifecycle.name")} hint={t("buckets.lifecycle.nameHint")} htmlFor={`${id}-n`}>
          <input
            id={`${id}-n`}
            className={input}
            data-testid="lc-name"
            value={d.name}
            disabled={mode === "update"}
            onChange={(e) => setD({ ...d, name: e.target.value })}
          />
        </Field>
        <Field label={t("buckets.lifecycle.prefix")} htmlFor={`${id}-p`}>
          <input id={`${id}-p`} className={input} data-testid="lc-prefix" value={d.prefix} onChange={(e) => setD({ ...d, prefix: e.target.value })} />
        </Field>
        {LIFECYCLE_DAY_FIELDS.map((f) => (
          <Field key={f} label={t(DAY_LABEL[f])} htmlFor={`${id}-${f}`}>
            <input
              id={`${id}-${f}`}
              className={input}
              inputMode="numeric"
              data-testid={`lc-${f}`}
              value={d[f]}
              onChange={(e) => setD({ ...d, [f]: e.target.value })}
            />
          </Field>
        ))}
      </div>
      <p className={hint}>{t("buckets.lifecycle.daysHint")}</p>
      <div className="flex gap-2">
        <button type="submit" className={primary} disabled={pending} data-testid="lc-save">
          {pending ? t("buckets.saving") : t("buckets.lifecycle.save")}
        </button>
        <button type="button" className={button} onClick={onDone}>
          {t("common.cancel")}
        </button>
      </div>
      {notice}
    </form>
  );
}

function RuleList({ bucket, rules }: { bucket: string; rules: LifecycleRule[] }) {
  const t = useT();
  const [editing, setEditing] = useState<{ mode: "add" | "update"; draft: Draft } | null>(null);
  const [removing, setRemoving] = useState<string | null>(null);
  const remove = useSave(deleteLifecycleRule, [bucketKeys.lifecycle(bucket)], () => setRemoving(null));
  return (
    <div className="space-y-4">
      {rules.length === 0 ? (
        <p
          className="rounded-lg border border-dashed border-slate-300 p-6 text-center text-sm text-slate-500 dark:border-slate-700"
          data-testid="lifecycle-empty"
        >
          {t("buckets.lifecycle.empty")}
        </p>
      ) : (
        <ul className="space-y-2" data-testid="lifecycle-rules">
          {rules.map((r) => (
            <li key={r.name} className={card} data-testid="lifecycle-rule" data-name={r.name}>
              <div className="flex flex-wrap items-center justify-between gap-2">
                <p className="font-medium">
                  {r.name} <span className="font-mono text-xs text-slate-500">{r.prefix || t("buckets.lifecycle.whole")}</span>
                </p>
                <div className="flex gap-2">
                  <button type="button" className={button} onClick={() => setEditing({ mode: "update", draft: draftOf(r) })} data-testid={`lc-edit-${r.name}`}>
                    {t("buckets.lifecycle.edit")}
                  </button>
                  <button type="button" className={button} onClick={() => setRemoving(r.name)} data-testid={`lc-remove-${r.name}`}>
                    {t("buckets.lifecycle.remove")}
                  </button>
                </div>
              </div>
              <dl className="grid grid-cols-2 gap-x-4 gap-y-1 text-xs sm:grid-cols-5">
                {LIFECYCLE_DAY_FIELDS.map((f) => (
                  <div key={f}>
                    <dt className="text-slate-500">{t(DAY_LABEL[f])}</dt>
                    <dd data-field={f}>{r[f] || t("buckets.lifecycle.none")}</dd>
                  </div>
                ))}
              </dl>
            </li>
          ))}
        </ul>
      )}
      {remove.notice}
      {editing ? (
        <RuleForm key={editing.draft.name + editing.mode} bucket={bucket} initial={editing.draft} mode={editing.mode} onDone={() => setEditing(null)} />
      ) : (
        <button type="button" className={primary} onClick={() => setEditing({ mode: "add", draft: blank })} data-testid="lc-add">
          {t("buckets.lifecycle.add")}
        </button>
      )}
      {removing && (
        <ConfirmDialog
          title={t("buckets.lifecycle.remove")}
          body={t("buckets.lifecycle.confirmRemove", { name: removing })}
          pending={remove.pending}
          onClose={() => setRemoving(null)}
          onConfirm={() => remove.save({ bucket, name: removing })}
        />
      )}
    </div>
  );
}

export function LifecyclePanel({ bucket }: { bucket: string }) {
  const query = useQuery({ queryKey: bucketKeys.lifecycle(bucket), queryFn: () => call(getLifecycleRules({ bucket })) });
  return (
    <Loadable query={query} testId="bucket-lifecycle">
      {(rules) => <RuleList bucket={bucket} rules={rules} />}
    </Loadable>
  );
}

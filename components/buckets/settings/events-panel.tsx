"use client";

import { useQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useT } from "@/components/i18n-provider";
import { BUCKET_EVENTS, RULE_NAME, type EventRule } from "@/lib/qiniu/bucket-types";
import { addEventRule, deleteEventRule, getEventRules } from "@/server/actions/bucket-rules";
import { button, call, card, Field, hint, input, lines, Loadable, primary, useSave } from "./common";
import { ConfirmDialog } from "@/components/ui/modal";
import { bucketKeys } from "./query-keys";

type BucketEvent = (typeof BUCKET_EVENTS)[number];

function AddForm({ bucket, onDone }: { bucket: string; onDone(): void }) {
  const t = useT();
  const id = useId();
  const [name, setName] = useState("");
  const [prefix, setPrefix] = useState("");
  const [suffix, setSuffix] = useState("");
  const [events, setEvents] = useState<BucketEvent[]>(["put"]);
  const [urls, setUrls] = useState("");
  const { save, pending, notice, setNotice } = useSave(addEventRule, [bucketKeys.events(bucket)], onDone);
  const submit = () => {
    if (!RULE_NAME.test(name)) return setNotice({ tone: "error", text: t("buckets.lifecycle.nameHint") });
    if (events.length === 0) return setNotice({ tone: "error", text: t("buckets.events.needEvent") });
    const list = lines(urls);
    const bad = list.find((u) => !/^https?:\/\/[^\s/]+\S*$/.test(u));
    if (bad || list.length === 0) return setNotice({ tone: "error", text: t("buckets.events.badUrl", { url: bad ?? "" }) });
    save({ bucket, rule: { name, prefix, suffix, event: events, callbackURL: list } });
  };
  return (
    <form
      className={card}
      data-testid="event-form"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <div className="grid gap-3 sm:grid-cols-3">
        <Field label={t("buckets.events.name")} hint={t("buckets.lifecycle.nameHint")} htmlFor={`${id}-n`}>
          <input id={`${id}-n`} className={input} data-testid="ev-name" value={name} onChange={(e) => setName(e.target.value)} />
        </Field>
        <Field label={t("buckets.events.prefix")} htmlFor={`${id}-p`}>
          <input id={`${id}-p`} className={input} value={prefix} onChange={(e) => setPrefix(e.target.value)} />
        </Field>
        <Field label={t("buckets.events.suffix")} htmlFor={`${id}-s`}>
          <input id={`${id}-s`} className={input} value={suffix} onChange={(e) => setSuffix(e.target.value)} />
        </Field>
      </div>
      <fieldset>
        <legend className="text-sm font-medium">{t("buckets.events.event")}</legend>
        <div className="flex flex-wrap gap-3">
          {BUCKET_EVENTS.map((ev) => (
            <label key={ev} className="flex items-center gap-1 font-mono text-xs">
              <input
                type="checkbox"
                data-testid={`ev-event-${ev}`}
                checked={events.includes(ev)}
                onChange={(e) => setEvents(e.target.checked ? [...events, ev] : events.filter((x) => x !== ev))}
              />
              {ev}
            </label>
          ))}
        </div>
      </fieldset>
      <Field label={t("buckets.events.callbackUrls")} htmlFor={`${id}-u`}>
        <textarea id={`${id}-u`} className={`${input} font-mono`} rows={2} data-testid="ev-urls" value={urls} onChange={(e) => setUrls(e.target.value)} />
      </Field>
      <div className="flex gap-2">
        <button type="submit" className={primary} disabled={pending} data-testid="ev-save">
          {pending ? t("buckets.saving") : t("common.save")}
        </button>
        <button type="button" className={button} onClick={onDone}>
          {t("common.cancel")}
        </button>
      </div>
      {notice}
    </form>
  );
}

function RuleList({ bucket, rules }: { bucket: string; rules: EventRule[] }) {
  const t = useT();
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<string | null>(null);
  const remove = useSave(deleteEventRule, [bucketKeys.events(bucket)], () => setRemoving(null));
  return (
    <div className="space-y-4">
      <p className={hint}>{t("buckets.events.intro")}</p>
      {rules.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 p-6 text-center text-sm text-slate-500 dark:border-slate-700" data-testid="events-empty">
          {t("buckets.events.empty")}
        </p>
      ) : (
        <ul className="space-y-2" data-testid="event-rules">
          {rules.map((r) => (
            <li key={r.name} className={card} data-testid="event-rule" data-name={r.name}>
              <div className="flex flex-wrap items-center justify-between gap-2">
                <p className="font-medium">{r.name}</p>
                <button type="button" className={button} onClick={() => setRemoving(r.name)} data-testid={`ev-remove-${r.name}`}>
                  {t("buckets.events.remove")}
                </button>
              </div>
              <p className="font-mono text-xs break-all">
                {[r.prefix, r.suffix].filter(Boolean).join(" … ") || "*"} · {r.event.join(", ")}
              </p>
              <ul className="font-mono text-xs break-all text-slate-500">
                {r.callbackURL.map((u) => (
                  <li key={u}>{u}</li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      )}
      {remove.notice}
      {adding ? (
        <AddForm bucket={bucket} onDone={() => setAdding(false)} />
      ) : (
        <button type="button" className={primary} onClick={() => setAdding(true)} data-testid="ev-add">
          {t("buckets.events.add")}
        </button>
      )}
      {removing && (
        <ConfirmDialog
          title={t("buckets.events.remove")}
          body={t("buckets.events.confirmRemove", { name: removing })}
          pending={remove.pending}
          onClose={() => setRemoving(null)}
          onConfirm={() => remove.save({ bucket, name: removing })}
        />
      )}
    </div>
  );
}

export function EventsPanel({ bucket }: { bucket: string }) {
  const query = useQuery({ queryKey: bucketKeys.events(bucket), queryFn: () => call(getEventRules({ bucket })) });
  return (
    <Loadable query={query} testId="bucket-events">
      {(rules) => <RuleList bucket={bucket} rules={rules} />}
    </Loadable>
  );
}

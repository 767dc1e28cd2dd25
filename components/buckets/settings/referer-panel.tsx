"use client";

import { useId, useState } from "react";
import { useT } from "@/components/i18n-provider";
import { REFER_PATTERN, type ReferAntiLeech, type ReferMode } from "@/lib/qiniu/bucket-types";
import { setReferAntiLeech } from "@/server/actions/bucket-admin";
import { card, Field, input, lines, Loadable, primary, useSave } from "./common";
import { useBucketSettings } from "./overview-panel";
import { bucketKeys } from "./query-keys";

const MODES: { mode: ReferMode; key: "off" | "whitelist" | "blacklist" }[] = [
  { mode: 0, key: "off" },
  { mode: 1, key: "whitelist" },
  { mode: 2, key: "blacklist" },
];

function RefererForm({ bucket, initial }: { bucket: string; initial: ReferAntiLeech }) {
  const t = useT();
  const id = useId();
  const [mode, setMode] = useState<ReferMode>(initial.mode);
  const [patterns, setPatterns] = useState(initial.patterns.join("\n"));
  const [allowEmpty, setAllowEmpty] = useState(initial.allowEmptyReferer);
  const [source, setSource] = useState(initial.sourceEnabled);
  const { save, pending, notice, setNotice } = useSave(setReferAntiLeech, [bucketKeys.settings(bucket)]);
  const submit = () => {
    const list = lines(patterns);
    const bad = list.find((p) => !REFER_PATTERN.test(p));
    if (mode !== 0 && bad) return setNotice({ tone: "error", text: t("buckets.referer.badPattern", { pattern: bad }) });
    if (mode !== 0 && list.length === 0) return setNotice({ tone: "error", text: t("buckets.referer.needPattern") });
    save({ bucket, mode, patterns: mode === 0 ? [] : list, allowEmptyReferer: allowEmpty, sourceEnabled: source });
  };
  return (
    <form
      className={card}
      data-testid="referer-form"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <fieldset className="space-y-1">
        <legend className="text-sm font-medium">{t("buckets.referer.mode")}</legend>
        <div className="flex flex-wrap gap-4">
          {MODES.map((m) => (
            <label key={m.mode} className="flex items-center gap-1 text-sm">
              <input type="radio" name="refer-mode" data-testid={`refer-mode-${m.mode}`} checked={mode === m.mode} onChange={() => setMode(m.mode)} />
              {t(`buckets.referer.${m.key}`)}
            </label>
          ))}
        </div>
      </fieldset>
      {mode !== 0 && (
        <>
          <Field label={t("buckets.referer.patterns")} hint={t("buckets.referer.patternsHint")} htmlFor={id}>
            <textarea
              id={id}
              className={`${input} font-mono`}
              rows={4}
              data-testid="refer-patterns"
              value={patterns}
              onChange={(e) => setPatterns(e.target.value)}
            />
          </Field>
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" data-testid="refer-allow-empty" checked={allowEmpty} onChange={(e) => setAllowEmpty(e.target.checked)} />
            {t("buckets.referer.allowEmpty")}
          </label>
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" checked={source} onChange={(e) => setSource(e.target.checked)} />
            {t("buckets.referer.sourceEnabled")}
          </label>
        </>
      )}
      <button type="submit" className={primary} disabled={pending} data-testid="refer-save">
        {pending ? t("buckets.saving") : t("common.save")}
      </button>
      {notice}
    </form>
  );
}

export function RefererPanel({ bucket }: { bucket: string }) {
  const query = useBucketSettings(bucket);
  return (
    <Loadable query={query} testId="bucket-referer">
      {(s) => <RefererForm bucket={bucket} initial={s.refer} />}
    </Loadable>
  );
}

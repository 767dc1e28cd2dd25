"use client";

import { useQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import { Modal } from "@/components/ui/modal";
import { useT } from "@/components/i18n-provider";
import { isTestDomain } from "@/lib/buckets/domains";
import type { ActionResult } from "@/server/actions/wrapper";
import {
  getBucketSettingsView,
  setBucketAccessStyle,
  setBucketIndexPage,
  setBucketMaxAge,
  setBucketPrivate,
  type BucketSettingsView,
} from "@/server/actions/bucket-admin";
import { button, call, card, danger, Field, hint, input, Loadable, primary, useSave } from "./common";
import { bucketKeys } from "./query-keys";
import { LocalTime } from "@/components/ui/local-time";

export function useBucketSettings(bucket: string) {
  return useQuery({ queryKey: bucketKeys.settings(bucket), queryFn: () => call(getBucketSettingsView({ bucket })) });
}

function Visibility({ s }: { s: BucketSettingsView }) {
  const t = useT();
  const [asking, setAsking] = useState(false);
  const { save, pending, notice } = useSave(setBucketPrivate, [bucketKeys.settings(s.name)], () => setAsking(false));
  const next = !s.private;
  return (
    <section className={card} data-testid="bucket-visibility-card">
      <h2 className="font-medium">{t("buckets.overview.visibility")}</h2>
      <p data-testid="bucket-visibility-now">{s.private ? t("buckets.overview.private") : t("buckets.overview.public")}</p>
      <button type="button" className={button} onClick={() => setAsking(true)} disabled={pending} data-testid="visibility-toggle">
        {next ? t("buckets.overview.makePrivate") : t("buckets.overview.makePublic")}
      </button>
      {notice}
      {asking && (
        <Modal title={next ? t("buckets.overview.makePrivate") : t("buckets.overview.makePublic")} onClose={() => setAsking(false)} testId="visibility-confirm">
          <p className="text-sm">{next ? t("buckets.overview.confirmPrivate") : t("buckets.overview.confirmPublic")}</p>
          <div className="mt-4 flex justify-end gap-2">
            <button type="button" className={button} onClick={() => setAsking(false)}>
              {t("common.cancel")}
            </button>
            <button type="button" className={danger} disabled={pending} onClick={() => save({ bucket: s.name, private: next })} data-testid="visibility-yes">
              {t("common.confirm")}
            </button>
          </div>
        </Modal>
      )}
    </section>
  );
}

function Domains({ s }: { s: BucketSettingsView }) {
  const t = useT();
  return (
    <section className={card}>
      <h2 className="font-medium">{t("buckets.overview.domains")}</h2>
      {s.domains.length === 0 ? (
        <p className="text-sm text-slate-500">{t("buckets.overview.noDomains")}</p>
      ) : (
        <ul className="space-y-1 font-mono text-xs break-all" data-testid="bucket-domains">
          {s.domains.map((d) => (
            <li key={d}>
              {d}
              {isTestDomain(d) && (
                <span className="ml-2 rounded bg-amber-100 px-1 font-sans text-amber-800 dark:bg-amber-900/50 dark:text-amber-200">
                  {t("buckets.overview.testDomain")}
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
      {s.downloadOrigin && (
        <p className={hint}>
          {t("buckets.overview.linkDomain")}: <span className="font-mono">{s.downloadOrigin}</span>
        </p>
      )}
    </section>
  );
}

/** One on/off bucket setting: while saving it shows what was asked for, afterwards what Qiniu says (the save reloads it). */
function SettingToggle({
  s,
  value,
  save: action,
  label,
  help,
  testId,
}: {
  s: BucketSettingsView;
  value: boolean;
  save: (input: { bucket: string; on: boolean }) => Promise<ActionResult<unknown>>;
  label: string;
  help: string;
  testId: string;
}) {
  const { save, pending, notice } = useSave(action, [bucketKeys.settings(s.name)]);
  const [asked, setAsked] = useState(value);
  const checked = pending ? asked : value;
  return (
    <section className={card}>
      <label className="flex items-center gap-2 text-sm font-medium">
        <input
          type="checkbox"
          checked={checked}
          disabled={pending}
          onChange={(e) => {
            setAsked(e.target.checked);
            save({ bucket: s.name, on: e.target.checked });
          }}
          data-testid={testId}
        />
        {label}
      </label>
      <p className={hint}>{help}</p>
      {notice}
    </section>
  );
}

function AccessStyle({ s }: { s: BucketSettingsView }) {
  const t = useT();
  return (
    <>
      <SettingToggle
        s={s}
        value={s.protected}
        save={({ bucket, on }) => setBucketAccessStyle({ bucket, protected: on })}
        label={t("buckets.overview.protected")}
        help={t("buckets.overview.protectedHint")}
        testId="bucket-protected"
      />
      <SettingToggle
        s={s}
        value={!s.noIndexPage}
        save={({ bucket, on }) => setBucketIndexPage({ bucket, indexPage: on })}
        label={t("buckets.overview.indexPage")}
        help={t("buckets.overview.indexPageHint")}
        testId="bucket-index-page"
      />
    </>
  );
}

function MaxAge({ s }: { s: BucketSettingsView }) {
  const t = useT();
  const id = useId();
  const [value, setValue] = useState(String(s.maxAge));
  const { save, pending, notice, setNotice } = useSave(setBucketMaxAge, [bucketKeys.settings(s.name)]);
  return (
    <form
      className={card}
      onSubmit={(e) => {
        e.preventDefault();
        if (!/^\d+$/.test(value.trim())) return setNotice({ tone: "error", text: t("buckets.errors.notNumber") });
        save({ bucket: s.name, maxAge: Number(value.trim()) });
      }}
    >
      <Field label={t("buckets.overview.maxAge")} hint={t("buckets.overview.maxAgeHint")} htmlFor={id}>
        <input id={id} className={input} inputMode="numeric" data-testid="maxage-input" value={value} onChange={(e) => setValue(e.target.value)} />
      </Field>
      <button type="submit" className={primary} disabled={pending} data-testid="maxage-save">
        {t("common.save")}
      </button>
      {notice}
    </form>
  );
}

export function OverviewPanel({ bucket }: { bucket: string }) {
  const t = useT();
  const query = useBucketSettings(bucket);
  return (
    <Loadable query={query} testId="bucket-overview">
      {(s) => (
        <div className="grid gap-4 md:grid-cols-2" data-testid="bucket-overview">
          <section className={card}>
            <p className="text-sm">
              {t("buckets.overview.region")}: <span data-testid="bucket-region">{s.region ?? "—"}</span>
            </p>
            {s.ctime && (
              <p className="text-sm">
                {t("buckets.overview.created")}: <LocalTime date={s.ctime} zone />
              </p>
            )}
          </section>
          <Visibility s={s} />
          <Domains s={s} />
          <AccessStyle s={s} />
          <MaxAge key={s.maxAge} s={s} />
        </div>
      )}
    </Loadable>
  );
}

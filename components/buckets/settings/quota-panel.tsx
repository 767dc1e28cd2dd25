"use client";

import { useQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useLocale, useT } from "@/components/i18n-provider";
import type { BucketQuota } from "@/lib/qiniu/bucket-types";
import { getBucketQuota, setBucketQuota } from "@/server/actions/bucket-rules";
import { call, card, control, Field, hint, input, Loadable, primary, useSave } from "./common";
import { bucketKeys } from "./query-keys";
import { formatBytes, formatNumber } from "@/lib/i18n/format";

const UNITS = [
  ["MB", 1024 ** 2],
  ["GB", 1024 ** 3],
  ["TB", 1024 ** 4],
] as const;

/** The largest unit that shows the size as a whole number. */
function sizeDraft(size: number): { value: string; unit: number } {
  if (size <= 0) return { value: "", unit: 1 };
  for (let i = UNITS.length - 1; i >= 0; i--) if (size % UNITS[i][1] === 0) return { value: String(size / UNITS[i][1]), unit: i };
  return { value: String(size / UNITS[0][1]), unit: 0 };
}

function QuotaForm({ bucket, quota }: { bucket: string; quota: BucketQuota }) {
  const t = useT();
  const locale = useLocale();
  const id = useId();
  const initial = sizeDraft(quota.size);
  const [size, setSize] = useState(initial.value);
  const [unit, setUnit] = useState(initial.unit);
  const [count, setCount] = useState(quota.count > 0 ? String(quota.count) : "");
  const { save, pending, notice, setNotice } = useSave(setBucketQuota, [bucketKeys.quota(bucket)]);
  const submit = () => {
    const s = size.trim();
    const c = count.trim();
    if ((s !== "" && !/^\d+(\.\d+)?$/.test(s)) || (c !== "" && !/^\d+$/.test(c))) return setNotice({ tone: "error", text: t("buckets.errors.notNumber") });
    // An empty field (or 0) removes the limit: Qiniu reads 0 as "leave unchanged", so send -1.
    const bytes = s === "" ? -1 : Math.round(Number(s) * UNITS[unit][1]);
    save({ bucket, size: bytes > 0 ? bytes : -1, count: c === "" || Number(c) === 0 ? -1 : Number(c) });
  };
  const shown = (n: number, f: (n: number) => string) => (n > 0 ? f(n) : t("buckets.quota.unlimited"));
  return (
    <form
      className={card}
      data-testid="quota-form"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <p className={hint}>{t("buckets.quota.intro")}</p>
      <p className="text-sm" data-testid="quota-current">
        {t("buckets.quota.current", { size: shown(quota.size, formatBytes), count: shown(quota.count, (n) => formatNumber(n, locale)) })}
      </p>
      <div className="grid gap-3 sm:grid-cols-2">
        <Field label={t("buckets.quota.size")} htmlFor={`${id}-s`}>
          <div className="flex gap-2">
            <input
              id={`${id}-s`}
              className={input}
              inputMode="decimal"
              data-testid="quota-size"
              value={size}
              placeholder={t("buckets.quota.unlimited")}
              onChange={(e) => setSize(e.target.value)}
            />
            <select
              aria-label={t("buckets.quota.unit")}
              className={`${control} w-24`}
              data-testid="quota-unit"
              value={unit}
              onChange={(e) => setUnit(Number(e.target.value))}
            >
              {UNITS.map(([name], i) => (
                <option key={name} value={i}>
                  {name}
                </option>
              ))}
            </select>
          </div>
        </Field>
        <Field label={t("buckets.quota.count")} htmlFor={`${id}-c`}>
          <input
            id={`${id}-c`}
            className={input}
            inputMode="numeric"
            data-testid="quota-count"
            value={count}
            placeholder={t("buckets.quota.unlimited")}
            onChange={(e) => setCount(e.target.value)}
          />
        </Field>
      </div>
      <button type="submit" className={primary} disabled={pending} data-testid="quota-save">
        {pending ? t("buckets.saving") : t("common.save")}
      </button>
      {notice}
    </form>
  );
}

export function QuotaPanel({ bucket }: { bucket: string }) {
  const query = useQuery({ queryKey: bucketKeys.quota(bucket), queryFn: () => call(getBucketQuota({ bucket })) });
  return (
    <Loadable query={query} testId="bucket-quota">
      {(q) => <QuotaForm key={`${q.size}/${q.count}`} bucket={bucket} quota={q} />}
    </Loadable>
  );
}

"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useT } from "@/components/i18n-provider";
import { setBucketDownloadDomain, setBucketThumbnails } from "@/server/actions/buckets";
import { unwrap } from "../../ui/action-call";

const select = "max-w-[16rem] rounded-md border border-slate-300 bg-white px-1 py-0.5 text-xs dark:border-slate-600 dark:bg-slate-900";

/** An admin's choice of the domain links use for this bucket. */
export function DownloadDomainSelect({ bucket, choices, chosen }: { bucket: string; choices: string[]; chosen: string | null }) {
  const t = useT();
  const router = useRouter();
  const [value, setValue] = useState(chosen ?? "");
  const save = useMutation({
    mutationFn: (origin: string | null) => unwrap(setBucketDownloadDomain({ bucket, origin })),
    onSuccess: () => router.refresh(),
  });
  return (
    <span className="flex flex-col gap-0.5">
      <select
        aria-label={t("browser.buckets.defaultDomain")}
        data-testid={`domain-select-${bucket}`}
        className={select}
        value={value}
        disabled={save.isPending || choices.length === 0}
        onChange={(e) => {
          setValue(e.target.value);
          save.mutate(e.target.value || null);
        }}
      >
        <option value="">{t("browser.buckets.firstDomain")}</option>
        {choices.map((c) => (
          <option key={c} value={c}>
            {c}
          </option>
        ))}
      </select>
      {save.isSuccess && <span className="text-xs text-emerald-700">{t("browser.buckets.domainSaved")}</span>}
      {save.error && <span className="text-xs text-red-600">{save.error.message}</span>}
    </span>
  );
}

/** Grid thumbnails for this bucket (each one is an imageView2 request that costs traffic). */
export function ThumbnailToggle({ bucket, enabled }: { bucket: string; enabled: boolean }) {
  const t = useT();
  const [on, setOn] = useState(enabled);
  const save = useMutation({ mutationFn: (value: boolean) => unwrap(setBucketThumbnails({ bucket, enabled: value })) });
  return (
    <label className="flex items-center gap-1 text-xs">
      <input
        type="checkbox"
        checked={on}
        disabled={save.isPending}
        data-testid={`thumbnails-${bucket}`}
        onChange={(e) => {
          const value = e.target.checked;
          setOn(value);
          save.mutate(value, { onError: () => setOn(!value) });
        }}
      />
      {on ? t("browser.buckets.thumbnailsOn") : t("browser.buckets.thumbnailsOff")}
      {save.error && <span className="text-red-600">{save.error.message}</span>}
    </label>
  );
}

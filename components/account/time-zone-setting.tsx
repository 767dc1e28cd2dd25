"use client";

import { useRouter } from "next/navigation";
import { useMemo, useState, useTransition } from "react";
import { useFormat, useT } from "@/components/i18n-provider";
import { systemTimeZone, timeZoneLabel } from "@/lib/i18n/format";
import { COMMON_TIME_ZONES } from "@/lib/i18n/time-zone";
import { setDisplayTimeZone } from "@/server/actions/account";
import { useIsClient } from "@/components/ui/use-is-client";

const AUTO = "";

function allZones(): string[] {
  const more = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  return [...new Set<string>([...COMMON_TIME_ZONES, ...more])];
}

/** The account page's display time zone: this browser's own (the default) or one the user picks, stored per user. */
export function TimeZoneSetting({ chosen }: { chosen: string | null }) {
  const t = useT();
  const f = useFormat();
  const router = useRouter();
  const client = useIsClient();
  const [value, setValue] = useState(chosen ?? AUTO);
  const [error, setError] = useState<string>();
  const [pending, startTransition] = useTransition();
  const zones = useMemo(() => (client ? allZones() : [...COMMON_TIME_ZONES]), [client]);
  const browserZone = client ? systemTimeZone() : null;

  async function save(next: string) {
    setValue(next);
    setError(undefined);
    const result = await setDisplayTimeZone({ timeZone: next === AUTO ? null : next });
    if (!result.ok) return setError(result.error.message);
    startTransition(() => router.refresh());
  }

  return (
    <div className="space-y-2 text-sm" data-testid="time-zone-setting">
      <label className="block font-medium" htmlFor="display-time-zone">
        {t("auth.account.timeZone")}
      </label>
      <select
        id="display-time-zone"
        data-testid="time-zone-select"
        value={value}
        // Enabled once hydrated: a choice made before would be reset by hydration (and replayed as "browser's zone").
        disabled={pending || !client}
        onChange={(e) => void save(e.target.value)}
        className="block w-full max-w-sm rounded-md border border-slate-300 bg-white px-2 py-1.5 dark:border-slate-700 dark:bg-slate-950"
      >
        <option value={AUTO}>
          {browserZone ? t("auth.account.timeZoneAutoIs", { zone: `${browserZone} (${timeZoneLabel(browserZone)})` }) : t("auth.account.timeZoneAuto")}
        </option>
        {zones.map((z) => (
          <option key={z} value={z}>
            {z} ({timeZoneLabel(z)})
          </option>
        ))}
      </select>
      {client && (
        <p className="text-slate-500" data-testid="time-zone-now">
          {t("auth.account.timeZoneNow", { zone: `${f.timeZone} (${f.zoneLabel()})` })}
        </p>
      )}
      {error && (
        <p role="status" className="text-red-600">
          {error}
        </p>
      )}
    </div>
  );
}

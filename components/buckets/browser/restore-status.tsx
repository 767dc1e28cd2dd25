"use client";

import { useQuery } from "@tanstack/react-query";
import { useT } from "@/components/i18n-provider";
import { restoreState } from "@/lib/buckets/storage-class";
import type { ObjectDetails } from "@/server/buckets/reads";
import { LocalTime } from "../../ui/local-time";
import { browserKeys } from "./query-keys";
import { bucketReads } from "./reads";

/** Frozen, restoring or restored; with the console's last restore request: its days, and when the copy freezes again. */
export function RestoreStatus({ object }: { object: Pick<ObjectDetails, "type" | "restoreStatus" | "restoreRequest"> }) {
  const t = useT();
  const state = restoreState(object.type, object.restoreStatus);
  if (!state) return null;
  const asked = object.restoreRequest;
  return (
    <span data-testid="restore-status">
      <span data-state={state}>{t(`browser.details.${state}`)}</span>
      {asked && (
        <span className="block text-xs text-slate-500" data-testid="restore-days" data-days={asked.days}>
          {t("browser.details.restoreAsked", { days: asked.days, by: asked.by })} <LocalTime date={new Date(asked.at)} />
          {" · "}
          {t("browser.details.frozenAgain", { days: asked.days })} <LocalTime date={new Date(asked.frozenAgainFrom)} />
        </span>
      )}
    </span>
  );
}

/** The restore dialog's current state of the object (read with stat: a listing row does not carry the request). */
export function RestoreStatusOf({ bucket, objectKey }: { bucket: string; objectKey: string }) {
  const stat = useQuery({ queryKey: browserKeys.stat(bucket, objectKey), queryFn: ({ signal }) => bucketReads.stat(bucket, objectKey, signal) });
  return stat.data ? <RestoreStatus object={stat.data} /> : null;
}

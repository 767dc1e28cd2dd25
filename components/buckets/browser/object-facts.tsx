"use client";

import type { ReactNode } from "react";
import { useFormat, useT } from "@/components/i18n-provider";
import { STORAGE_CLASS_NAMES, isStorageClass, needsRestore } from "@/lib/buckets/storage-class";
import type { ObjectDetails } from "@/server/actions/objects";
import { LocalTime } from "../../ui/local-time";
import { formatBytes } from "@/lib/i18n/format";
import { putTimeToDate } from "@/lib/buckets/format";
import { RestoreStatus } from "./restore-status";

function Fact({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div className="grid grid-cols-[8.5rem_minmax(0,1fr)] gap-2 py-1">
      <dt className="text-slate-500">{label}</dt>
      <dd className="break-all" data-testid={testId}>
        {children}
      </dd>
    </div>
  );
}

/** Lifecycle dates arrive as unix seconds or as YYYYMMDD-style numbers depending on the field; show seconds as dates. */
function DateFact({ value }: { value: number }) {
  return value > 1e9 ? <LocalTime date={new Date(value * 1000)} /> : <span>{value}</span>;
}

/** Everything stat returns (docs/qiniu-protocol.md §8). */
export function ObjectFacts({ object }: { object: ObjectDetails }) {
  const t = useT();
  const f = useFormat();
  const meta = Object.entries(object["x-qn-meta"] ?? {});
  const transitions = [
    ["transitionToIA", object.transitionToIA],
    ["transitionToArchiveIR", object.transitionToArchiveIR],
    ["transitionToArchive", object.transitionToARCHIVE],
    ["transitionToDeepArchive", object.transitionToDeepArchive],
  ] as const;
  return (
    <dl className="text-sm" data-testid="object-facts">
      <Fact label={t("browser.details.key")} testId="fact-key">
        <span className="whitespace-pre-wrap font-mono text-xs">{object.key}</span>
      </Fact>
      <Fact label={t("browser.details.size")} testId="fact-size">
        {formatBytes(object.fsize)} <span className="text-slate-500">({f.number(object.fsize)} B)</span>
      </Fact>
      <Fact label={t("browser.details.mimeType")} testId="fact-mime">
        {object.mimeType}
      </Fact>
      <Fact label={t("browser.details.storageClass")} testId="fact-class">
        {isStorageClass(object.type) ? t(`browser.storageClass.${STORAGE_CLASS_NAMES[object.type]}`) : object.type}
      </Fact>
      <Fact label={t("browser.details.putTime")}>
        <LocalTime date={putTimeToDate(object.putTime)} />
      </Fact>
      <Fact label={t("browser.details.hash")} testId="fact-hash">
        <span className="font-mono text-xs">{object.hash}</span>
      </Fact>
      {object.md5 && (
        <Fact label={t("browser.details.md5")}>
          <span className="font-mono text-xs">{object.md5}</span>
        </Fact>
      )}
      <Fact label={t("browser.details.status")}>{object.status === 1 ? t("browser.details.disabled") : t("browser.details.enabled")}</Fact>
      {object.endUser && (
        <Fact label={t("browser.details.endUser")} testId="fact-end-user">
          {object.endUserLabel ? <span title={object.endUser}>{object.endUserLabel}</span> : object.endUser}
        </Fact>
      )}
      {needsRestore(object.type) && (
        <Fact label={t("browser.details.restoreStatus")} testId="fact-restore">
          <RestoreStatus object={object} />
        </Fact>
      )}
      {object.expiration !== undefined && (
        <Fact label={t("browser.details.expiration")} testId="fact-expiration">
          <DateFact value={object.expiration} />
        </Fact>
      )}
      {transitions.map(([name, value]) =>
        value === undefined ? null : (
          <Fact key={name} label={t(`browser.details.${name}`)}>
            <DateFact value={value} />
          </Fact>
        ),
      )}
      <Fact label={t("browser.details.metadata")}>
        {meta.length === 0 ? (
          <span className="text-slate-500">{t("browser.details.noMetadata")}</span>
        ) : (
          <ul className="font-mono text-xs">
            {meta.map(([k, v]) => (
              <li key={k}>
                {k}: {v}
              </li>
            ))}
          </ul>
        )}
      </Fact>
    </dl>
  );
}

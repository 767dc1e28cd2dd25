"use client";

import { useState, type FormEvent } from "react";
import { useT } from "@/components/i18n-provider";
import { StorageClassOptions } from "@/components/ui/storage-class-options";
import { isValidKey, isValidMime } from "@/lib/buckets/keys";
import type { ObjectDetails } from "@/server/actions/objects";
import { MetaForm } from "./meta-form";
import { RestoreStatusOf } from "./restore-status";
import type { Operation, OperationKind } from "./use-object-operation";
import { compactFieldClass } from "@/components/ui/field-styles";

const field = compactFieldClass;

/** "a/b.txt" → "a/b-copy.txt" */
function copyName(key: string): string {
  const slash = key.lastIndexOf("/");
  const dot = key.lastIndexOf(".");
  return dot > slash + 1 ? `${key.slice(0, dot)}-copy${key.slice(dot)}` : `${key}-copy`;
}

interface Props {
  kind: OperationKind;
  object: ObjectDetails;
  buckets: string[];
  pending: boolean;
  onSubmit(op: Operation): void;
}

/** The fields of one operation, checked here the same way the server checks them. */
export function OperationForm(props: Props) {
  if (props.kind === "meta") return <MetaForm bucket={props.object.bucket} objectKey={props.object.key} pending={props.pending} onSubmit={props.onSubmit} />;
  return <FieldsForm {...props} />;
}

function FieldsForm({ kind, object, buckets, pending, onSubmit }: Props) {
  const t = useT();
  const [toBucket, setToBucket] = useState(object.bucket);
  const [toKey, setToKey] = useState(kind === "copy" ? copyName(object.key) : object.key);
  const destructive = kind === "delete" || (kind === "chstatus" && object.status !== 1);
  const [force, setForce] = useState(false);
  const [mime, setMime] = useState(object.mimeType);
  const [type, setType] = useState(object.type);
  const [days, setDays] = useState(kind === "restore" ? 1 : 30);
  const [problem, setProblem] = useState<string | null>(null);

  function submit(e: FormEvent) {
    e.preventDefault();
    if (kind === "rename" || kind === "copy") {
      if (!isValidKey(toKey)) return setProblem(t("browser.ops.invalidKey"));
      if (toBucket === object.bucket && toKey === object.key) return setProblem(t("browser.ops.sameTarget"));
      return onSubmit({ kind, toBucket, toKey, force });
    }
    if (kind === "chgm") return isValidMime(mime) ? onSubmit({ kind, mimeType: mime.trim() }) : setProblem(t("browser.ops.invalidMime"));
    if (kind === "chtype") return onSubmit({ kind, type: type as 0 | 1 | 2 | 3 | 4 });
    if (kind === "deleteAfterDays" || kind === "restore") return onSubmit({ kind, days });
    if (kind === "chstatus") return onSubmit({ kind, status: object.status === 1 ? 0 : 1 });
    if (kind === "delete" || kind === "prefetch") onSubmit({ kind });
  }

  return (
    <form onSubmit={submit} className="space-y-3 text-sm" data-testid={`op-form-${kind}`}>
      {(kind === "rename" || kind === "copy") && (
        <>
          <label className="block">
            {t("browser.ops.targetBucket")}
            <select name="toBucket" className={field} value={toBucket} onChange={(e) => setToBucket(e.target.value)}>
              {[...new Set([object.bucket, ...buckets])].map((b) => (
                <option key={b}>{b}</option>
              ))}
            </select>
          </label>
          <label className="block">
            {t("browser.ops.targetKey")}
            <input name="toKey" className={field} value={toKey} onChange={(e) => setToKey(e.target.value)} autoFocus />
          </label>
          <label className="flex items-center gap-2">
            <input type="checkbox" name="force" checked={force} onChange={(e) => setForce(e.target.checked)} />
            {t("browser.ops.overwrite")}
          </label>
        </>
      )}
      {kind === "chgm" && (
        <label className="block">
          {t("browser.ops.mimeType")}
          <input name="mimeType" className={field} value={mime} onChange={(e) => setMime(e.target.value)} autoFocus />
        </label>
      )}
      {kind === "chtype" && (
        <label className="block">
          {t("browser.ops.storageClass")}
          <select name="type" className={field} value={type} onChange={(e) => setType(Number(e.target.value))}>
            <StorageClassOptions />
          </select>
        </label>
      )}
      {kind === "restore" && (
        <p className="text-sm">
          {t("browser.details.restoreStatus")}: <RestoreStatusOf bucket={object.bucket} objectKey={object.key} />
        </p>
      )}
      {(kind === "deleteAfterDays" || kind === "restore") && (
        <label className="block">
          {kind === "restore" ? t("browser.ops.restoreDays") : t("browser.ops.days")}
          <input
            name="days"
            type="number"
            className={field}
            min={kind === "restore" ? 1 : 0}
            max={kind === "restore" ? 7 : 36500}
            value={days}
            onChange={(e) => setDays(Number(e.target.value))}
            required
          />
          {kind === "deleteAfterDays" && <span className="mt-1 block text-xs text-slate-500">{t("browser.ops.daysHint")}</span>}
        </label>
      )}
      {kind === "delete" && <p className="whitespace-pre-wrap break-all">{t("browser.ops.deleteConfirm", { key: object.key })}</p>}
      {kind === "chstatus" && (
        <p className="whitespace-pre-wrap break-all">
          {t(object.status === 1 ? "browser.ops.enableConfirm" : "browser.ops.disableConfirm", { key: object.key })}
        </p>
      )}
      {problem && (
        <p role="status" className="text-red-600">
          {problem}
        </p>
      )}
      <div className="flex justify-end">
        <button
          type="submit"
          disabled={pending}
          data-testid="op-submit"
          className={`rounded-md px-3 py-1.5 font-medium text-white disabled:opacity-60 ${destructive ? "bg-red-600 hover:bg-red-700" : "bg-brand-600 hover:bg-brand-700"}`}
        >
          {pending
            ? t("browser.ops.working")
            : kind === "delete"
              ? t("browser.ops.delete")
              : kind === "chstatus"
                ? t(object.status === 1 ? "browser.ops.enable" : "browser.ops.disable")
                : t("browser.ops.submit")}
        </button>
      </div>
    </form>
  );
}

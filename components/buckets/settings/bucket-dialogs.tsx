"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { Modal } from "@/components/ui/modal";
import { Notice, type NoticeValue } from "@/components/ui/notice";
import { ActionCallError } from "@/components/ui/action-call";
import { useT } from "@/components/i18n-provider";
import { isValidNewBucketName } from "@/lib/qiniu/bucket-types";
import { REGION_IDS, type RegionId } from "@/lib/qiniu/regions";
import { createBucket, dropBucket } from "@/server/actions/bucket-admin";
import { button, call, danger, Field, input, primary } from "./common";

export const settingsHref = (bucket: string) => `/buckets/${encodeURIComponent(bucket)}/settings`;

const failure = (err: Error): NoticeValue => ({ tone: "error", text: err.message, reqId: err instanceof ActionCallError ? err.reqId : undefined });

/** "New bucket" on the bucket list: a name as Qiniu allows it and a region; opens the new bucket's settings. */
export function CreateBucketButton() {
  const t = useT();
  const router = useRouter();
  const id = useId();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState("");
  const [region, setRegion] = useState<RegionId>("z0");
  const [notice, setNotice] = useState<NoticeValue | null>(null);
  const create = useMutation({
    mutationFn: () => call(createBucket({ name, region })),
    onSuccess: (d) => router.push(settingsHref(d.name)),
    onError: (err) => setNotice(failure(err)),
  });
  const valid = isValidNewBucketName(name);
  return (
    <>
      <button type="button" className={primary} onClick={() => setOpen(true)} data-testid="create-bucket">
        {t("buckets.create.button")}
      </button>
      {open && (
        <Modal title={t("buckets.create.title")} onClose={() => setOpen(false)} testId="create-bucket-dialog">
          <form
            className="space-y-3"
            onSubmit={(e) => {
              e.preventDefault();
              setNotice(valid ? null : { tone: "error", text: t("buckets.errors.badName") });
              if (valid) create.mutate();
            }}
          >
            <Field label={t("buckets.create.name")} hint={t("buckets.create.nameHint")} htmlFor={`${id}-n`}>
              <input
                id={`${id}-n`}
                className={`${input} font-mono`}
                data-testid="create-name"
                value={name}
                autoFocus
                maxLength={63}
                aria-invalid={name !== "" && !valid}
                onChange={(e) => setName(e.target.value)}
              />
            </Field>
            <Field label={t("buckets.create.region")} htmlFor={`${id}-r`}>
              <select id={`${id}-r`} className={input} data-testid="create-region" value={region} onChange={(e) => setRegion(e.target.value as RegionId)}>
                {REGION_IDS.map((r) => (
                  <option key={r} value={r}>
                    {t(`buckets.regions.${r}`)}
                  </option>
                ))}
              </select>
            </Field>
            <Notice notice={notice} onDismiss={() => setNotice(null)} />
            <div className="flex justify-end gap-2">
              <button type="button" className={button} onClick={() => setOpen(false)}>
                {t("common.cancel")}
              </button>
              <button type="submit" className={primary} disabled={create.isPending} data-testid="create-submit">
                {t("buckets.create.submit")}
              </button>
            </div>
          </form>
        </Modal>
      )}
    </>
  );
}

/** Delete an (empty) bucket after the admin types its name; Qiniu's refusal of a non-empty bucket is shown as it is. */
export function DeleteBucketButton({ bucket }: { bucket: string }) {
  const t = useT();
  const router = useRouter();
  const id = useId();
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState("");
  const [notice, setNotice] = useState<NoticeValue | null>(null);
  const drop = useMutation({
    mutationFn: () => call(dropBucket({ bucket, confirm: typed })),
    onSuccess: () => {
      setOpen(false);
      router.push("/buckets");
      router.refresh();
    },
    onError: (err) => setNotice(failure(err)),
  });
  return (
    <>
      <button type="button" className={button} onClick={() => setOpen(true)} data-testid={`delete-bucket-${bucket}`}>
        {t("buckets.drop.button")}
      </button>
      {open && (
        <Modal title={t("buckets.drop.title", { bucket })} onClose={() => setOpen(false)} testId="delete-bucket-dialog">
          <form
            className="space-y-3"
            onSubmit={(e) => {
              e.preventDefault();
              drop.mutate();
            }}
          >
            <p className="text-sm">{t("buckets.drop.body")}</p>
            <Field label={t("buckets.drop.confirmLabel", { bucket })} htmlFor={`${id}-c`}>
              <input
                id={`${id}-c`}
                className={`${input} font-mono`}
                data-testid="drop-confirm"
                value={typed}
                autoComplete="off"
                onChange={(e) => setTyped(e.target.value)}
              />
            </Field>
            <Notice notice={notice} onDismiss={() => setNotice(null)} />
            <div className="flex justify-end gap-2">
              <button type="button" className={button} onClick={() => setOpen(false)}>
                {t("common.cancel")}
              </button>
              <button type="submit" className={danger} disabled={typed !== bucket || drop.isPending} data-testid="drop-submit">
                {t("buckets.drop.submit")}
              </button>
            </div>
          </form>
        </Modal>
      )}
    </>
  );
}

/** The admin's actions on one row of the bucket list. */
export function BucketRowAdmin({ bucket }: { bucket: string }) {
  const t = useT();
  return (
    <span className="flex flex-wrap items-center gap-2">
      <Link href={settingsHref(bucket)} className="text-sm text-brand-600 hover:underline" data-testid={`settings-${bucket}`}>
        {t("buckets.settingsLink")}
      </Link>
      <DeleteBucketButton bucket={bucket} />
    </span>
  );
}

"use client";

import { useMemo, useState } from "react";
import { useT } from "@/components/i18n-provider";
import { unwrap } from "@/components/ui/action-call";
import { can, roleHas, type Principal } from "@/lib/permissions";
import { checkLimits, type UploadLimits } from "@/lib/upload/limits";
import { normalizePrefix } from "@/lib/upload/keys";
import { checkMetadata } from "@/lib/upload/metadata";
import type { CallbackReachability } from "@/lib/upload/callback-reachability";
import type { TransportConfig } from "@/lib/upload/transport-config";
import { confirmUploads, issueUploadTokens } from "@/server/actions/upload";
import { CallbackNotice } from "./callback-notice";
import { CdnRefreshOffer } from "./cdn-refresh-offer";
import { DropZone } from "./drop-zone";
import { QueueList } from "./queue-list";
import { ResumePanel } from "./resume-panel";
import { TargetForm, type TargetState, type UploadBucket } from "./target-form";
import { TotalProgress } from "./total-progress";
import { UploadSummary } from "./upload-summary";
import { useUploadQueue } from "./use-upload-queue";
import { FINISHED } from "../../lib/upload/engine/types";
import type { PickedFile } from "../../lib/upload/engine/collect-files";
import type { ConflictChoice } from "../../lib/upload/engine/conflict";

export interface UploadWorkspaceProps {
  buckets: UploadBucket[];
  initial: { bucket: string; prefix: string };
  principal: Principal;
  limits: UploadLimits;
  transport: TransportConfig;
  callback: CallbackReachability;
  publicUrl: string;
}

function newBatchId(): string {
  return `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;
}

export function UploadWorkspace(props: UploadWorkspaceProps) {
  const t = useT();
  const { principal, limits } = props;
  const [batchId] = useState(newBatchId);
  const [target, setTarget] = useState<TargetState>({
    bucket: props.initial.bucket,
    prefix: props.initial.prefix,
    overwrite: false,
    preset: "",
    fileType: 0,
    metadata: [],
  });
  const [notice, setNotice] = useState("");
  const { queue, snapshot } = useUploadQueue({
    transport: props.transport,
    callback: props.callback.reachable,
    tokens: (files) => unwrap(issueUploadTokens({ batchId, files })),
    confirm: async (uploads) => {
      const answers = await unwrap(confirmUploads({ batchId, uploads }));
      return answers.map((a) => ({ key: a.key, ok: a.ok, message: a.reason ? t(`upload.result.refusedBecause.${a.reason}`) : undefined }));
    },
    precheck: ({ bucket, key, size, mimeType }) => {
      if (!can(principal, "upload.write", { bucket, key })) return "outOfScope";
      return checkLimits(limits, { size, mimeType });
    },
  });

  const prefix = normalizePrefix(target.prefix);
  const canOverwrite = can(principal, "objects.delete", { bucket: target.bucket, prefix });
  const canProcess = roleHas(principal.role, "pfop.submit");

  const addFiles = (files: PickedFile[], failed: number) => {
    const meta = checkMetadata(target.metadata);
    if (!meta.ok) {
      setNotice(t("upload.target.metadataInvalid"));
      return;
    }
    if (files.length > 0) {
      queue.add(files, {
        bucket: target.bucket,
        prefix,
        overwrite: target.overwrite && canOverwrite,
        ...(target.preset ? { preset: target.preset } : {}),
        ...(target.fileType ? { fileType: target.fileType } : {}),
        ...(Object.keys(meta.metadata).length > 0 ? { metadata: meta.metadata } : {}),
      });
    }
    setNotice(
      [files.length > 0 ? t("upload.drop.added", { count: files.length }) : "", failed > 0 ? t("upload.drop.readError", { count: failed }) : ""]
        .filter(Boolean)
        .join(" "),
    );
  };

  // Retrying takes the overwrite box as it is now: ticking it after a 614 is how a user says "replace it".
  const itemActions = useMemo(
    () => ({
      pause: (id: string) => queue.pause(id),
      resume: (id: string) => queue.resume(id),
      cancel: (id: string) => queue.cancel(id),
      retry: (id: string) => queue.retry(id, { overwrite: target.overwrite }),
      resolveConflict: (id: string, choice: ConflictChoice) => queue.resolveConflict(id, choice),
      mayOverwrite: (bucket: string, key: string) => can(principal, "objects.delete", { bucket, key }),
    }),
    [queue, target.overwrite, principal],
  );
  const bulkActions = useMemo(
    () => ({
      pauseAll: () => queue.pauseAll(),
      resumeAll: () => queue.resumeAll(),
      cancelAll: () => queue.cancelAll(),
      retryFailed: () => queue.retryFailed({ overwrite: target.overwrite }),
      clearFinished: () => queue.clearFinished(),
    }),
    [queue, target.overwrite],
  );
  const items = snapshot.items;
  const activeKeys = useMemo(() => new Set(items.filter((i) => !FINISHED.has(i.status) && i.key).map((i) => `${i.target.bucket}\n${i.key}`)), [items]);
  const replaced = items.filter((i) => i.replaced && i.key).map((i) => ({ bucket: i.target.bucket, key: i.key!, refreshUrl: i.refreshUrl }));
  const browseHref = `/buckets/${encodeURIComponent(target.bucket)}${prefix ? `?prefix=${encodeURIComponent(prefix)}` : ""}`;

  return (
    <div className="grid gap-4">
      <CallbackNotice callback={props.callback} publicUrl={props.publicUrl} />
      <TargetForm buckets={props.buckets} value={target} onChange={setTarget} limits={limits} canOverwrite={canOverwrite} canProcess={canProcess} />
      <ResumePanel onFiles={(files) => addFiles(files, 0)} activeKeys={activeKeys} />
      <DropZone onFiles={addFiles} />
      <p aria-live="polite" data-testid="upload-notice" className="min-h-5 text-sm text-slate-600 dark:text-slate-400">
        {notice}
      </p>
      <section className="grid gap-3" aria-label={t("upload.queue.title")}>
        <h2 className="text-base font-semibold">{t("upload.queue.title")}</h2>
        {items.length > 0 && <TotalProgress totals={snapshot.totals} actions={bulkActions} />}
        <QueueList items={items} actions={itemActions} maxFileBytes={limits.maxFileBytes} />
      </section>
      {snapshot.finished && <UploadSummary totals={snapshot.totals} browseHref={browseHref} />}
      {snapshot.finished && <CdnRefreshOffer replaced={replaced} canRefresh={roleHas(principal.role, "cdn.write")} />}
    </div>
  );
}

"use client";

import { useState, type FormEvent } from "react";
import { useT } from "@/components/i18n-provider";
import type { BatchOperation } from "@/lib/batch/spec";
import { folderName, folderNameProblem, movedPrefix, renamedPrefix, targetInsideSource, type FolderJobKind } from "@/lib/buckets/folder-names";
import { parentPrefix } from "@/lib/buckets/paths";
import { useCreateJob } from "@/components/batch/use-create-job";
import { primaryClass, compactFieldClass } from "@/components/ui/field-styles";
import { FolderJobRun } from "./folder-job-run";
import { Modal } from "../../ui/modal";

const field = compactFieldClass;

interface Props {
  bucket: string;
  buckets: string[];
  /** the folder row's prefix, ending with "/" */
  folder: string;
  kind: FolderJobKind;
  onClose(): void;
}

/** The operation a folder job runs, or why the form cannot make one (a message key). */
function folderOperation(
  kind: FolderJobKind,
  bucket: string,
  folder: string,
  name: string,
  toBucket: string,
  into: string,
): { op: BatchOperation; target: { bucket: string; prefix: string } | null } | { problem: string } {
  if (kind === "delete") return { op: { op: "delete" }, target: null };
  if (kind === "rename") {
    const p = folderNameProblem(parentPrefix(folder), name);
    if (p) return { problem: `browser.folders.problem.${p}` };
    const to = renamedPrefix(folder, name);
    if (to === folder) return { problem: "browser.folders.sameFolder" };
    return { op: { op: "rename", pattern: { kind: "prefix", from: folder, to }, overwrite: false }, target: { bucket, prefix: to } };
  }
  const to = movedPrefix(folder, into);
  if (toBucket === bucket && to === folder) return { problem: "browser.folders.sameFolder" };
  if (toBucket === bucket && targetInsideSource(folder, to)) return { problem: "browser.folders.inside" };
  return {
    op: { op: kind, targetBucket: toBucket, pattern: { kind: "prefix", from: folder, to }, overwrite: false },
    target: { bucket: toBucket, prefix: to },
  };
}

/**
 * Rename, move, copy or delete a folder without leaving the browser: a prefix job of the batch engine, which checks
 * and audits the user who starts it. The form plans it (a dry run); FolderJobRun takes over from there.
 */
export function FolderJobDialog({ bucket, buckets, folder, kind, onClose }: Props) {
  const t = useT();
  const [name, setName] = useState(folderName(folder));
  const [toBucket, setToBucket] = useState(bucket);
  const [into, setInto] = useState(parentPrefix(folder));
  const [problem, setProblem] = useState<string | null>(null);
  const [jobId, setJobId] = useState<string>();
  const creating = useCreateJob(setJobId);
  const planned = folderOperation(kind, bucket, folder, name, toBucket, into);

  function submit(e: FormEvent) {
    e.preventDefault();
    if ("problem" in planned) return setProblem(planned.problem);
    setProblem(null);
    void creating.create({ kind: "prefix", bucket, prefix: folder }, planned.op);
  }

  const error = problem ? t(problem as Parameters<typeof t>[0], { name }) : creating.error;
  return (
    <Modal title={`${t(`browser.folders.ops.${kind}`)}: ${folder}`} onClose={onClose} testId="folder-job-dialog">
      {jobId ? (
        <FolderJobRun jobId={jobId} folder={folder} buckets={[...new Set([bucket, toBucket])]} onClose={onClose} />
      ) : (
        <form onSubmit={submit} className="space-y-3 text-sm">
          {kind === "rename" && (
            <label className="block">
              {t("browser.folders.newName")}
              <input name="name" className={field} value={name} onChange={(e) => setName(e.target.value)} autoFocus />
            </label>
          )}
          {(kind === "move" || kind === "copy") && (
            <>
              <label className="block">
                {t("browser.folders.targetBucket")}
                <select name="bucket" className={field} value={toBucket} onChange={(e) => setToBucket(e.target.value)}>
                  {buckets.map((b) => (
                    <option key={b} value={b}>
                      {b}
                    </option>
                  ))}
                </select>
              </label>
              <label className="block">
                {t("browser.folders.destination")}
                <input name="into" className={field} value={into} onChange={(e) => setInto(e.target.value)} autoFocus />
              </label>
            </>
          )}
          {"target" in planned && planned.target && (
            <p className="text-slate-500" data-testid="folder-job-target">
              {t("browser.folders.willBe", { prefix: `${planned.target.bucket}/${planned.target.prefix}` })}
            </p>
          )}
          <p className="text-slate-500">{t("browser.folders.planHint")}</p>
          {error && (
            <p className="text-red-600" role="alert">
              {error}
            </p>
          )}
          <div className="flex justify-end">
            <button type="submit" className={primaryClass} disabled={creating.busy} data-testid="folder-job-plan">
              {t("browser.folders.plan")}
            </button>
          </div>
        </form>
      )}
    </Modal>
  );
}

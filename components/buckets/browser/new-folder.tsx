"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useT } from "@/components/i18n-provider";
import { folderNameProblem } from "@/lib/buckets/folder-names";
import { createFolder } from "@/server/actions/folders";
import { unwrap } from "../../ui/action-call";
import { Modal } from "../../ui/modal";
import { invalidateObject } from "./use-object-operation";
import { compactFieldClass } from "@/components/ui/field-styles";

const field = compactFieldClass;
const button = "rounded-md border border-slate-300 px-2 py-1 text-sm hover:bg-slate-100 dark:border-slate-600 dark:hover:bg-slate-800";

/** "New folder" in the toolbar: makes the empty `parent/name/` object (server/actions/folders.ts). */
export function NewFolderButton({ bucket, parent, onCreated }: { bucket: string; parent: string; onCreated(name: string): void }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className={button} onClick={() => setOpen(true)} data-testid="new-folder">
        + {t("browser.folders.newFolder")}
      </button>
      {open && (
        <NewFolderDialog
          bucket={bucket}
          parent={parent}
          onClose={() => setOpen(false)}
          onCreated={(name) => {
            setOpen(false);
            onCreated(name);
          }}
        />
      )}
    </>
  );
}

function NewFolderDialog({ bucket, parent, onClose, onCreated }: { bucket: string; parent: string; onClose(): void; onCreated(name: string): void }) {
  const t = useT();
  const qc = useQueryClient();
  const [name, setName] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: (n: string) => unwrap(createFolder({ bucket, parent, name: n })),
    onSuccess: async (result, n) => {
      await invalidateObject(qc, bucket, result.key);
      onCreated(n);
    },
  });

  function submit(e: FormEvent) {
    e.preventDefault();
    const p = folderNameProblem(parent, name);
    if (p) return setProblem(t(`browser.folders.problem.${p}`));
    setProblem(null);
    create.mutate(name);
  }

  const error = problem ?? create.error?.message ?? null;
  return (
    <Modal title={t("browser.folders.newTitle", { parent: parent || t("browser.folders.root") })} onClose={onClose} testId="new-folder-dialog">
      <form onSubmit={submit} className="space-y-3 text-sm">
        <label className="block">
          {t("browser.folders.name")}
          <input name="name" className={field} value={name} onChange={(e) => setName(e.target.value)} autoFocus aria-invalid={Boolean(error)} />
        </label>
        {error && (
          <p className="text-red-600" role="alert" data-testid="new-folder-error">
            {error}
          </p>
        )}
        <div className="flex justify-end gap-2">
          <button type="button" className={button} onClick={onClose}>
            {t("common.cancel")}
          </button>
          <button
            type="submit"
            disabled={create.isPending}
            className="rounded-md bg-brand-600 px-3 py-1 text-white hover:bg-brand-700 disabled:opacity-60"
            data-testid="new-folder-submit"
          >
            {t("browser.folders.create")}
          </button>
        </div>
      </form>
    </Modal>
  );
}

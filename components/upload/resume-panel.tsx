"use client";

import { useRef, useSyncExternalStore } from "react";
import { useT } from "@/components/i18n-provider";
import { collectInput, type PickedFile } from "../../lib/upload/engine/collect-files";
import { forgetUnfinished, subscribeUnfinished, unfinishedServerSnapshot, unfinishedSnapshot, uploadedBytesOf } from "../../lib/upload/engine/resume-store";
import { formatBytes } from "@/lib/i18n/format";

/**
 * Uploads left unfinished by an earlier visit (reload, crash, closed browser). The browser cannot reopen a file by
 * itself, so the user picks it again; the queue recognises it and the transport skips the parts already stored.
 */
export function ResumePanel({ onFiles, activeKeys }: { onFiles: (files: PickedFile[]) => void; activeKeys: ReadonlySet<string> }) {
  const t = useT();
  const input = useRef<HTMLInputElement>(null);
  const all = useSyncExternalStore(subscribeUnfinished, unfinishedSnapshot, unfinishedServerSnapshot);
  // Uploads running in this page are not "unfinished from before".
  const list = all.filter((r) => !activeKeys.has(`${r.bucket}\n${r.key}`));
  if (list.length === 0) return null;
  return (
    <section data-testid="resume-panel" className="rounded-lg border border-sky-300 bg-sky-50 p-4 text-sm dark:border-sky-800 dark:bg-sky-950/40">
      <h2 className="font-medium">{t("upload.resume.title")}</h2>
      <p className="mt-1 text-slate-600 dark:text-slate-300">{t("upload.resume.body")}</p>
      <ul className="mt-3 grid gap-2">
        {list.map((r) => {
          const done = uploadedBytesOf(r);
          return (
            <li key={`${r.bucket}:${r.key}`} data-testid="resume-item" className="flex flex-wrap items-center gap-2">
              <span className="font-medium">{r.name}</span>
              <span className="font-mono text-xs text-slate-500">
                {r.bucket}/{r.key}
              </span>
              <span className="text-xs text-slate-500">
                {formatBytes(done)} / {formatBytes(r.size)} ({Math.floor((done / Math.max(1, r.size)) * 100)}%)
              </span>
              <button
                type="button"
                className="ml-auto rounded px-2 py-0.5 text-xs text-red-700 hover:bg-red-50 dark:text-red-300 dark:hover:bg-red-950"
                onClick={() => forgetUnfinished(r.bucket, r.key, true)}
              >
                {t("upload.resume.forget")}
              </button>
            </li>
          );
        })}
      </ul>
      <button
        type="button"
        onClick={() => input.current?.click()}
        className="mt-3 rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700"
      >
        {t("upload.resume.pick")}
      </button>
      <input
        ref={input}
        data-testid="resume-input"
        type="file"
        multiple
        hidden
        onChange={(e) => {
          onFiles(collectInput(e.currentTarget.files));
          e.currentTarget.value = "";
        }}
      />
    </section>
  );
}

"use client";

import { useRef, useState } from "react";
import { useT } from "@/components/i18n-provider";
import { collectEntries, collectInput, takeDropped, type PickedFile } from "../../lib/upload/engine/collect-files";

/** Drop target plus pickers for files and for a whole folder. Everything is reachable by keyboard (the buttons). */
export function DropZone({ onFiles, disabled }: { onFiles: (files: PickedFile[], failed: number) => void; disabled?: boolean }) {
  const t = useT();
  const [over, setOver] = useState(false);
  const [reading, setReading] = useState(false);
  const filesInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);

  const onDrop = (e: React.DragEvent) => {
    e.preventDefault();
    setOver(false);
    if (disabled) return;
    // The item list is only readable during the event: take the entries now, walk the folders afterwards.
    const { entries, files } = takeDropped(e.dataTransfer);
    const loose = files.map((file) => ({ file, relativePath: file.name }));
    if (entries.length === 0) {
      onFiles(loose, 0);
      return;
    }
    setReading(true);
    collectEntries(entries)
      .then(({ files: found, failed }) => onFiles([...loose, ...found], failed))
      .finally(() => setReading(false));
  };

  const fromInput = (input: HTMLInputElement | null) => {
    if (!input) return;
    onFiles(collectInput(input.files), 0);
    input.value = ""; // choosing the same files again must fire change again
  };

  return (
    <div
      data-testid="upload-dropzone"
      onDragOver={(e) => {
        e.preventDefault();
        e.dataTransfer.dropEffect = disabled ? "none" : "copy";
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
      className={`flex flex-col items-center gap-3 rounded-lg border-2 border-dashed p-8 text-center transition-colors ${
        over ? "border-brand-500 bg-brand-50 dark:bg-slate-800" : "border-slate-300 dark:border-slate-700"
      } ${disabled ? "opacity-50" : ""}`}
    >
      <p className="font-medium">{reading ? t("upload.drop.reading") : t("upload.drop.zone")}</p>
      <p className="text-sm text-slate-500">{t("upload.drop.or")}</p>
      <div className="flex flex-wrap justify-center gap-2">
        <button
          type="button"
          disabled={disabled}
          onClick={() => filesInput.current?.click()}
          className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-50"
        >
          {t("upload.drop.pickFiles")}
        </button>
        <button
          type="button"
          disabled={disabled}
          onClick={() => folderInput.current?.click()}
          className="rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium hover:bg-slate-100 disabled:opacity-50 dark:border-slate-700 dark:hover:bg-slate-800"
        >
          {t("upload.drop.pickFolder")}
        </button>
      </div>
      <input ref={filesInput} data-testid="upload-input-files" type="file" multiple hidden onChange={(e) => fromInput(e.currentTarget)} />
      <input
        ref={(el) => {
          folderInput.current = el;
          // Not in React's typings; every current browser supports it.
          el?.setAttribute("webkitdirectory", "");
        }}
        data-testid="upload-input-folder"
        type="file"
        multiple
        hidden
        onChange={(e) => fromInput(e.currentTarget)}
      />
    </div>
  );
}

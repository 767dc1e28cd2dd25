"use client";

import { useT } from "@/components/i18n-provider";
import { folderName } from "@/lib/buckets/folder-names";
import { Modal } from "../../ui/modal";
import { PrefixStats } from "./prefix-stats";
import { ZipDownload } from "./zip-download";

/** "Download as ZIP" from a folder's menu: what will be read, its size and count on demand, then the download. */
export function FolderZipDialog({ bucket, prefix, onClose }: { bucket: string; prefix: string; onClose(): void }) {
  const t = useT();
  return (
    <Modal title={t("browser.folders.zipTitle", { name: folderName(prefix) })} onClose={onClose} testId="folder-zip-dialog">
      <div className="space-y-3 text-sm">
        <p className="text-slate-600 dark:text-slate-300">{t("browser.folders.zipHint", { prefix: `${bucket}/${prefix}` })}</p>
        <PrefixStats bucket={bucket} prefix={prefix} />
        <ZipDownload bucket={bucket} prefix={prefix} />
      </div>
    </Modal>
  );
}

"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useT } from "@/components/i18n-provider";
import { isHttpUrl, isValidKey } from "@/lib/buckets/keys";
import { fetchIntoBucket } from "@/server/actions/objects";
import { unwrap } from "../../ui/action-call";
import { Modal } from "../../ui/modal";
import { invalidateObject } from "./use-object-operation";
import { formatBytes } from "@/lib/i18n/format";
import { compactFieldClass } from "@/components/ui/field-styles";

const field = compactFieldClass;

/** The file name at the end of a URL's path, decoded ("" when there is none). */
function nameFromUrl(url: string): string {
  try {
    const last = new URL(url).pathname.split("/").pop() ?? "";
    return decodeURIComponent(last);
  } catch {
    return "";
  }
}

/** "Fetch a URL into the bucket": Qiniu downloads it and stores it under the current folder. */
/** `overwrote`: the key held an object before (Qiniu's fetch replaces it), so its CDN copies are stale. */
export function FetchUrlDialog({
  bucket,
  prefix,
  onClose,
  onDone,
}: {
  bucket: string;
  prefix: string;
  onClose(): void;
  onDone(message: string, key: string, overwrote: boolean): void;
}) {
  const t = useT();
  const qc = useQueryClient();
  const [url, setUrl] = useState("");
  const [key, setKey] = useState(prefix);
  const [problem, setProblem] = useState<string | null>(null);
  const fetchIt = useMutation({
    mutationFn: (input: { url: string; key: string }) => unwrap(fetchIntoBucket({ bucket, ...input })),
    onSuccess: async (result) => {
      await invalidateObject(qc, bucket, result.key);
      onDone(t("browser.ops.done.fetch", { key: result.key, size: formatBytes(result.fsize) }), result.key, result.overwrote);
    },
  });

  function submit(e: FormEvent) {
    e.preventDefault();
    if (!isHttpUrl(url.trim())) return setProblem(t("browser.ops.invalidUrl"));
    const target = key === prefix || key === "" ? prefix + nameFromUrl(url.trim()) : key;
    if (!isValidKey(target)) return setProblem(t("browser.ops.invalidKey"));
    setProblem(null);
    fetchIt.mutate({ url: url.trim(), key: target });
  }

  return (
    <Modal title={t("browser.page.fetchUrl")} onClose={onClose} testId="fetch-dialog">
      <form onSubmit={submit} className="space-y-3 text-sm">
        <p className="text-slate-500">{t("browser.ops.fetchHint")}</p>
        <label className="block">
          {t("browser.ops.fetchUrl")}
          <input name="url" type="url" required className={field} value={url} onChange={(e) => setUrl(e.target.value)} autoFocus />
        </label>
        <label className="block">
          {t("browser.ops.fetchKey")}
          <input name="key" className={field} value={key} onChange={(e) => setKey(e.target.value)} />
        </label>
        {(problem || fetchIt.error) && <p className="text-red-600">{problem ?? t("browser.ops.failed", { message: fetchIt.error!.message })}</p>}
        <div className="flex justify-end">
          <button
            type="submit"
            disabled={fetchIt.isPending}
            className="rounded-md bg-brand-600 px-3 py-1.5 font-medium text-white hover:bg-brand-700 disabled:opacity-60"
          >
            {fetchIt.isPending ? t("browser.ops.working") : t("browser.ops.submit")}
          </button>
        </div>
      </form>
    </Modal>
  );
}

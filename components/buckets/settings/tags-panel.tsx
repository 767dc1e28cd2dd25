"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useT } from "@/components/i18n-provider";
import { MAX_TAGS, TAG_TEXT, type BucketTag } from "@/lib/qiniu/bucket-types";
import { getBucketTags, setBucketTags } from "@/server/actions/bucket-rules";
import { button, call, card, hint, input, Loadable, primary, useSave } from "./common";
import { bucketKeys } from "./query-keys";

const bytes = (s: string) => new TextEncoder().encode(s).length;

function TagsForm({ bucket, initial }: { bucket: string; initial: BucketTag[] }) {
  const t = useT();
  const [tags, setTags] = useState<BucketTag[]>(initial);
  const { save, pending, notice, setNotice } = useSave(setBucketTags, [bucketKeys.tags(bucket)]);
  const submit = () => {
    const clean = tags.map((x) => ({ Key: x.Key.trim(), Value: x.Value.trim() })).filter((x) => x.Key !== "" || x.Value !== "");
    const seen = new Set<string>();
    for (const x of clean) {
      if (!TAG_TEXT.test(x.Key) || bytes(x.Key) > 64 || x.Key.startsWith("kodo"))
        return setNotice({ tone: "error", text: t("buckets.tags.badKey", { key: x.Key }) });
      if (!TAG_TEXT.test(x.Value) || bytes(x.Value) > 128) return setNotice({ tone: "error", text: t("buckets.tags.badValue", { value: x.Value }) });
      if (seen.has(x.Key)) return setNotice({ tone: "error", text: t("buckets.tags.duplicate", { key: x.Key }) });
      seen.add(x.Key);
    }
    save({ bucket, tags: clean });
  };
  const set = (i: number, patch: Partial<BucketTag>) => setTags(tags.map((x, j) => (j === i ? { ...x, ...patch } : x)));
  return (
    <form
      className={card}
      data-testid="tags-form"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <p className={hint}>{t("buckets.tags.intro", { max: MAX_TAGS })}</p>
      {tags.length === 0 && <p className="text-sm text-slate-500">{t("buckets.tags.empty")}</p>}
      {tags.map((x, i) => (
        <div key={i} className="flex flex-wrap items-center gap-2" data-testid="tag-row">
          <input
            aria-label={t("buckets.tags.key")}
            placeholder={t("buckets.tags.key")}
            className={`${input} min-w-0 flex-1`}
            data-testid="tag-key"
            value={x.Key}
            onChange={(e) => set(i, { Key: e.target.value })}
          />
          <input
            aria-label={t("buckets.tags.value")}
            placeholder={t("buckets.tags.value")}
            className={`${input} min-w-0 flex-1`}
            data-testid="tag-value"
            value={x.Value}
            onChange={(e) => set(i, { Value: e.target.value })}
          />
          <button type="button" className={button} onClick={() => setTags(tags.filter((_, j) => j !== i))}>
            {t("buckets.tags.remove")}
          </button>
        </div>
      ))}
      <div className="flex flex-wrap gap-2">
        <button
          type="button"
          className={button}
          data-testid="tags-add"
          disabled={tags.length >= MAX_TAGS}
          onClick={() => setTags([...tags, { Key: "", Value: "" }])}
        >
          {t("buckets.tags.add")}
        </button>
        <button type="submit" className={primary} disabled={pending} data-testid="tags-save">
          {pending ? t("buckets.saving") : t("common.save")}
        </button>
      </div>
      {notice}
    </form>
  );
}

export function TagsPanel({ bucket }: { bucket: string }) {
  const query = useQuery({ queryKey: bucketKeys.tags(bucket), queryFn: () => call(getBucketTags({ bucket })) });
  return (
    <Loadable query={query} testId="bucket-tags">
      {(tags) => <TagsForm bucket={bucket} initial={tags} />}
    </Loadable>
  );
}

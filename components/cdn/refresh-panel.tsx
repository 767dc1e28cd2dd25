"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useT } from "@/components/i18n-provider";
import { scopeProblems, type ScopedDomain } from "@/lib/cdn/scope";
import { CDN_REQUEST_LIMITS, checkCdnList, linesOf, withoutAntiLeech, type CdnUrlProblem } from "@/lib/cdn/urls";
import type { MessageKey } from "@/lib/i18n/translate";
import { prefetchCdn, refreshCdn } from "@/server/actions/cdn";
import { errorWithReqId, unwrap } from "@/components/ui/action-call";
import { QueryError, QueryLoading } from "../ui/query-state";
import { cdnReads } from "./reads";
import { TaskHistory } from "./task-history";

type Kind = "urls" | "dirs" | "prefetch";
const TITLES: Record<Kind, MessageKey> = { urls: "cdn.refresh.urlsTitle", dirs: "cdn.refresh.dirsTitle", prefetch: "cdn.refresh.prefetchTitle" };
const LABELS: Record<Kind, MessageKey> = { urls: "cdn.refresh.urlsLabel", dirs: "cdn.refresh.dirsLabel", prefetch: "cdn.refresh.prefetchLabel" };

function useProblemText() {
  const t = useT();
  return (p: CdnUrlProblem) =>
    t(`cdn.refresh.errors.${p.kind}`, "value" in p ? { value: p.value } : p.kind === "tooMany" ? { max: p.max, count: p.count } : {});
}

function SubmitForm({
  kind,
  domains,
  remaining,
  initialText = "",
}: {
  kind: Kind;
  domains: ScopedDomain[];
  remaining: number | undefined;
  initialText?: string;
}) {
  const t = useT();
  const id = useId();
  const problemText = useProblemText();
  const queryClient = useQueryClient();
  const [text, setText] = useState(initialText);
  // Text handed over from another page is shown with its problems at once.
  const [touched, setTouched] = useState(initialText !== "");
  // A pasted anti-leech link is refreshed as its resource (without sign and t), as the server will send it.
  const values = kind === "dirs" ? linesOf(text) : [...new Set(linesOf(text).map(withoutAntiLeech))];
  const hosts = domains.map((d) => d.domain);
  const problems = [...checkCdnList(values, kind, hosts), ...scopeProblems(values, domains)];
  const overQuota = remaining !== undefined && values.length > remaining && problems.length === 0;
  const submit = useMutation({
    mutationFn: () => unwrap(kind === "prefetch" ? prefetchCdn({ urls: values }) : refreshCdn(kind === "urls" ? { urls: values } : { dirs: values })),
    onSuccess: () => {
      setText("");
      setTouched(false);
      void queryClient.invalidateQueries({ queryKey: ["cdn", "quota"] });
      void queryClient.invalidateQueries({ queryKey: ["cdn", "tasks"] });
    },
  });
  const shown = touched ? problems : [];

  return (
    <form
      className="space-y-2 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900"
      data-testid={`cdn-form-${kind}`}
      onSubmit={(e) => {
        e.preventDefault();
        setTouched(true);
        if (problems.length === 0 && !overQuota) submit.mutate();
      }}
    >
      <h2 className="font-medium">{t(TITLES[kind])}</h2>
      <label htmlFor={id} className="block text-sm text-slate-500">
        {t(LABELS[kind], { max: CDN_REQUEST_LIMITS[kind] })}
      </label>
      <textarea
        id={id}
        rows={4}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onBlur={() => setTouched(text.trim() !== "")}
        aria-invalid={shown.length > 0}
        aria-describedby={`${id}-problems`}
        className="w-full rounded-md border border-slate-300 p-2 font-mono text-xs dark:border-slate-700 dark:bg-slate-950"
        placeholder={`http://${hosts[0] ?? "cdn.example.com"}/${kind === "dirs" ? "images/" : "images/a.jpg"}`}
      />
      <div id={`${id}-problems`} aria-live="polite" className="space-y-0.5 text-sm text-red-700 dark:text-red-300">
        {shown.slice(0, 5).map((p, i) => (
          <p key={i}>{problemText(p)}</p>
        ))}
        {overQuota && <p>{t("cdn.refresh.errors.quota", { need: values.length, left: remaining ?? 0 })}</p>}
        {submit.isError && <p data-testid="cdn-submit-error">{errorWithReqId(submit.error)}</p>}
      </div>
      {submit.isSuccess && (
        <p className="text-sm text-emerald-700 dark:text-emerald-300" role="status" data-testid="cdn-submit-done">
          {t("cdn.refresh.done", { count: submit.data.count, id: submit.data.requestId })}
        </p>
      )}
      <button type="submit" disabled={submit.isPending} className="rounded-md bg-brand-600 px-3 py-1.5 text-sm text-white disabled:opacity-50">
        {submit.isPending ? t("cdn.refresh.submitting") : t(kind === "prefetch" ? "cdn.refresh.submitPrefetch" : "cdn.refresh.submitRefresh")}
      </button>
    </form>
  );
}

/** `initialUrls`: URLs handed over by another page (`/cdn?tab=refresh&urls=…`), prefilled in the URL refresh form. */
export function RefreshPanel({ domains, canWrite, initialUrls = [] }: { domains: ScopedDomain[]; canWrite: boolean; initialUrls?: string[] }) {
  const t = useT();
  const quota = useQuery({ queryKey: ["cdn", "quota"], queryFn: ({ signal }) => cdnReads.quota(signal) });
  const q = quota.data;
  return (
    <section className="space-y-4" data-testid="cdn-refresh">
      <div className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
        <h2 className="text-sm font-medium">{t("cdn.refresh.quota")}</h2>
        {quota.isPending && <QueryLoading />}
        {quota.isError && <QueryError error={quota.error} retry={quota} />}
        {q && (
          <>
            <ul className="mt-1 flex flex-wrap gap-x-6 text-sm tabular-nums">
              <li data-testid="cdn-quota-urls" data-left={q.urlRemaining}>
                {t("cdn.refresh.quotaUrls", { left: q.urlRemaining, total: q.urlQuota })}
              </li>
              <li data-testid="cdn-quota-dirs" data-left={q.dirRemaining}>
                {t("cdn.refresh.quotaDirs", { left: q.dirRemaining, total: q.dirQuota })}
              </li>
              <li data-testid="cdn-quota-prefetch" data-left={q.prefetchRemaining}>
                {t("cdn.refresh.quotaPrefetch", { left: q.prefetchRemaining, total: q.prefetchQuota })}
              </li>
            </ul>
            {q.source === "counted" && <p className="mt-1 text-xs text-slate-500">{t("cdn.refresh.quotaCounted")}</p>}
          </>
        )}
      </div>
      {canWrite ? (
        <div className="grid gap-4 xl:grid-cols-3">
          <SubmitForm kind="urls" domains={domains} remaining={q?.urlRemaining} initialText={initialUrls.join("\n")} />
          <SubmitForm kind="dirs" domains={domains} remaining={q?.dirRemaining} />
          <SubmitForm kind="prefetch" domains={domains} remaining={q?.prefetchRemaining} />
        </div>
      ) : (
        <p className="text-sm text-slate-500">{t("cdn.refresh.readOnly")}</p>
      )}
      <TaskHistory />
    </section>
  );
}

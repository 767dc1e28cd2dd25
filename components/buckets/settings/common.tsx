"use client";

import { useMutation, useQueryClient, type QueryKey, type UseQueryResult } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { ActionCallError, unwrap } from "@/components/ui/action-call";
import { buttonClass } from "@/components/ui/button";
import { hintClass, labelClass } from "@/components/ui/field";
import { Notice, type NoticeValue } from "@/components/ui/notice";
import { useT } from "@/components/i18n-provider";
import type { ActionResult } from "@/server/actions/wrapper";

// Shared pieces of the bucket-management panels: styles, action calls with Qiniu's message and reqId, load states.

export const control = "rounded-md border border-slate-400 bg-white px-2 py-1.5 text-sm dark:border-slate-500 dark:bg-slate-900";
export const input = `w-full ${control}`;
export const button = buttonClass.default;
export const primary = buttonClass.primary;
export const danger = buttonClass.danger;
export const card = "space-y-3 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900";
export const label = labelClass;
export const hint = hintClass;

/** Non-empty trimmed lines of a textarea. */
export function lines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** An action's data, or an ActionCallError whose message also names the fields the server refused. */
export async function call<T>(result: Promise<ActionResult<T>>): Promise<T> {
  try {
    return await unwrap(result);
  } catch (err) {
    if (!(err instanceof ActionCallError) || !err.fields) throw err;
    const fields = Object.entries(err.fields).map(([k, v]) => `${k}: ${v}`);
    throw new ActionCallError([err.message, ...fields].join("\n"), err.code, err.reqId, err.fields);
  }
}

function noticeOf(err: unknown): NoticeValue {
  return { tone: "error", text: err instanceof Error ? err.message : String(err), reqId: err instanceof ActionCallError ? err.reqId : undefined };
}

/** Loading, error (with Retry) and loaded states of one panel's query. */
export function Loadable<T>({ query, testId, children }: { query: UseQueryResult<T>; testId: string; children: (data: T) => ReactNode }) {
  const t = useT();
  if (query.isPending) {
    return (
      <p className="p-4 text-sm text-slate-500" data-testid={`${testId}-loading`}>
        {t("common.loading")}
      </p>
    );
  }
  if (query.isError) {
    const n = noticeOf(query.error);
    return (
      <div
        role="alert"
        data-testid={`${testId}-error`}
        className="space-y-2 rounded-md bg-red-50 p-4 text-sm text-red-800 dark:bg-red-950/50 dark:text-red-200"
      >
        <p className="whitespace-pre-wrap">{t("buckets.loadFailed", { message: n.text })}</p>
        {n.reqId && <p className="font-mono text-xs">{t("browser.ops.reqId", { reqId: n.reqId })}</p>}
        <button type="button" className={button} onClick={() => void query.refetch()}>
          {t("common.retry")}
        </button>
      </div>
    );
  }
  return <>{children(query.data)}</>;
}

/** A save: runs the action, shows "saved" or Qiniu's message with its reqId, and reloads the given queries. */
export function useSave<I, D>(fn: (input: I) => Promise<ActionResult<D>>, invalidate: QueryKey[], onDone?: (data: D) => void) {
  const t = useT();
  const qc = useQueryClient();
  const [notice, setNotice] = useState<NoticeValue | null>(null);
  const mutation = useMutation({
    mutationFn: (i: I) => call(fn(i)),
    onMutate: () => setNotice(null),
    onSuccess: async (data) => {
      setNotice({ tone: "ok", text: t("buckets.saved") });
      await Promise.all(invalidate.map((queryKey) => qc.invalidateQueries({ queryKey })));
      onDone?.(data);
    },
    // A refused save may still have changed something (or the form may show stale values): reload what Qiniu holds.
    onError: async (err) => {
      setNotice(noticeOf(err));
      await Promise.all(invalidate.map((queryKey) => qc.invalidateQueries({ queryKey })));
    },
  });
  const view = <Notice notice={notice} onDismiss={() => setNotice(null)} />;
  return { save: mutation.mutate, pending: mutation.isPending, notice: view, setNotice };
}

export function Field({ label: text, hint: help, children, htmlFor }: { label: string; hint?: string; children: ReactNode; htmlFor?: string }) {
  return (
    <div className="space-y-1">
      <label className={label} htmlFor={htmlFor}>
        {text}
      </label>
      {children}
      {help && <p className={hint}>{help}</p>}
    </div>
  );
}

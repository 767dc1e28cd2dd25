"use client";

import { Fragment, useState } from "react";
import { LocalTime } from "@/components/ui/local-time";
import { useT } from "@/components/i18n-provider";
import { buttonClass } from "@/components/ui/field-styles";
import { commandWithoutSaveas, type PfopJobView } from "@/lib/processing/view";
import type { PfopJobPage } from "@/server/actions/processing";
import { JobItems } from "./job-items";
import { StatusBadge } from "./status-badge";
import { hasActiveJobs, useJobs } from "./use-jobs";

function JobRow({ job }: { job: PfopJobView }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const detailsId = `job-${job.id}`;
  return (
    <Fragment>
      <tr className="border-t border-slate-100 align-top dark:border-slate-800" data-testid="pfop-job" data-job-id={job.id}>
        <td className="px-2 py-2 whitespace-nowrap">
          <LocalTime date={new Date(job.createdAt)} />
        </td>
        <td className="px-2 py-2">{job.createdBy ?? "—"}</td>
        <td className="max-w-48 px-2 py-2 break-all">
          <span className="text-slate-500">{job.bucket}/</span>
          {job.key}
          {job.source === "upload" && <span className="ml-1 rounded bg-slate-100 px-1 text-xs text-slate-600 dark:bg-slate-800 dark:text-slate-300">{t("processing.jobs.fromUpload")}</span>}
        </td>
        <td className="max-w-72 px-2 py-2">
          <ul className="space-y-0.5 font-mono text-xs">
            {job.fops.map((f, i) => (
              <li key={i} className="truncate" title={f}>
                {commandWithoutSaveas(f)}
              </li>
            ))}
          </ul>
        </td>
        <td className="px-2 py-2 text-xs">{job.pipeline ?? "—"}</td>
        <td className="px-2 py-2">
          <StatusBadge code={job.code} testId="pfop-job-status" />
        </td>
        <td className="px-2 py-2">
          <button type="button" className={buttonClass} aria-expanded={open} aria-controls={detailsId} onClick={() => setOpen((o) => !o)} data-testid="pfop-job-toggle">
            {open ? t("processing.jobs.hideDetails") : t("processing.jobs.details")}
          </button>
        </td>
      </tr>
      {open && (
        <tr id={detailsId}>
          <td colSpan={7} className="bg-slate-50 px-4 py-3 dark:bg-slate-900/60">
            <p className="mb-2 text-xs text-slate-500">
              {t("processing.jobs.id")}: <code>{job.id}</code>
              {job.reqid && <> · {t("processing.jobs.reqid", { id: job.reqid })}</>}
              {job.statusAt && (
                <>
                  {" · "}
                  {t("processing.jobs.checked", { time: new Date(job.statusAt).toLocaleTimeString() })}
                </>
              )}
              {job.notifiedAt && <> · {t("processing.jobs.notified")}</>}
            </p>
            <JobItems items={job.items} fops={job.fops} />
          </td>
        </tr>
      )}
    </Fragment>
  );
}

export function JobList({ initial, initialError }: { initial: PfopJobPage | null; initialError?: string }) {
  const t = useT();
  const jobs = useJobs(initial);
  const rows = jobs.data?.pages.flatMap((p) => p.jobs) ?? [];
  const live = hasActiveJobs(jobs.data);
  return (
    <section className="rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900" aria-labelledby="pfop-jobs-title">
      <header className="flex flex-wrap items-center gap-3 border-b border-slate-200 px-4 py-3 dark:border-slate-800">
        <h2 id="pfop-jobs-title" className="font-medium">
          {t("processing.jobs.title")}
        </h2>
        {live && (
          <span className="text-xs text-sky-700 dark:text-sky-300" data-testid="pfop-live">
            {t("processing.jobs.live")}
          </span>
        )}
        <button type="button" className={`${buttonClass} ml-auto`} onClick={() => void jobs.refetch()} disabled={jobs.isFetching} data-testid="pfop-refresh">
          {t("processing.jobs.refresh")}
        </button>
      </header>
      {jobs.isPending && <p className="p-4 text-sm text-slate-500">{t("common.loading")}</p>}
      {(jobs.error || (!jobs.data && initialError)) && (
        <p className="p-4 text-sm text-red-600" role="alert" data-testid="pfop-list-error">
          {t("processing.jobs.loadError", { message: jobs.error?.message ?? initialError ?? "" })}{" "}
          <button type="button" className="underline" onClick={() => void jobs.refetch()}>
            {t("processing.jobs.retry")}
          </button>
        </p>
      )}
      {jobs.isSuccess && rows.length === 0 && (
        <p className="p-8 text-center text-sm text-slate-500" data-testid="pfop-empty">
          {t("processing.jobs.empty")}
        </p>
      )}
      {rows.length > 0 && (
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm">
            <thead className="text-xs text-slate-500">
              <tr>
                <th className="px-2 py-2 font-medium">{t("processing.jobs.created")}</th>
                <th className="px-2 py-2 font-medium">{t("processing.jobs.by")}</th>
                <th className="px-2 py-2 font-medium">{t("processing.jobs.source")}</th>
                <th className="px-2 py-2 font-medium">{t("processing.jobs.fops")}</th>
                <th className="px-2 py-2 font-medium">{t("processing.jobs.pipeline")}</th>
                <th className="px-2 py-2 font-medium">{t("processing.jobs.status")}</th>
                <th className="px-2 py-2">
                  <span className="sr-only">{t("processing.jobs.details")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((job) => (
                <JobRow key={job.id} job={job} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {jobs.hasNextPage && (
        <div className="border-t border-slate-200 p-3 dark:border-slate-800">
          <button type="button" className={buttonClass} disabled={jobs.isFetchingNextPage} onClick={() => void jobs.fetchNextPage()}>
            {t("processing.jobs.loadMore")}
          </button>
        </div>
      )}
    </section>
  );
}

"use client";

import { Fragment, useState } from "react";
import { EmptyState } from "@/components/ui/empty-state";
import { LocalTime } from "@/components/ui/local-time";
import { TableBox, tableClass, theadClass } from "@/components/ui/table";
import { useFormat, useT } from "@/components/i18n-provider";
import { buttonClass } from "@/components/ui/field-styles";
import { commandWithoutSaveas, type PfopJobView } from "@/lib/processing/view";
import type { PfopJobPage } from "@/server/processing/reads";
import { QueryError, QueryLoading } from "@/components/ui/query-state";
import { JobItems } from "./job-items";
import { StatusBadge } from "./status-badge";
import { hasActiveJobs, useJobs } from "./use-jobs";

function JobRow({ job }: { job: PfopJobView }) {
  const t = useT();
  const f = useFormat();
  const [open, setOpen] = useState(false);
  const detailsId = `job-${job.id}`;
  return (
    <Fragment>
      <tr className="border-t border-slate-100 align-top dark:border-slate-800" data-testid="pfop-job" data-job-id={job.id}>
        <td className="px-2 py-2 whitespace-nowrap">
          <LocalTime date={job.createdAt} />
        </td>
        <td className="px-2 py-2">{job.createdBy ?? "—"}</td>
        <td className="max-w-48 px-2 py-2 break-all">
          <span className="text-slate-500">{job.bucket}/</span>
          {job.key}
          {job.source === "upload" && (
            <span className="ml-1 rounded bg-slate-100 px-1 text-xs text-slate-600 dark:bg-slate-800 dark:text-slate-300">
              {t("processing.jobs.fromUpload")}
            </span>
          )}
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
          <button
            type="button"
            className={buttonClass}
            aria-expanded={open}
            aria-controls={detailsId}
            onClick={() => setOpen((o) => !o)}
            data-testid="pfop-job-toggle"
          >
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
                  {t("processing.jobs.checked", { time: f.date(job.statusAt, "time") })}
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
      {jobs.isPending && (
        <div className="px-4">
          <QueryLoading />
        </div>
      )}
      {(jobs.error || (!jobs.data && initialError)) && (
        <div className="p-4" data-testid="pfop-list-error">
          {jobs.error ? (
            <QueryError error={jobs.error} retry={jobs} />
          ) : (
            <QueryError error={new Error(t("processing.jobs.loadError", { message: initialError ?? "" }))} retry={jobs} />
          )}
        </div>
      )}
      {jobs.isSuccess && rows.length === 0 && (
        <div className="p-4">
          <EmptyState testId="pfop-empty">{t("processing.jobs.empty")}</EmptyState>
        </div>
      )}
      {rows.length > 0 && (
        <TableBox label={t("processing.jobs.title")} bare>
          <table className={tableClass}>
            <thead className={theadClass}>
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
        </TableBox>
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

"use client";

import { usePathname, useRouter } from "next/navigation";
import { useState } from "react";
import { useT } from "@/components/i18n-provider";
import { JobPanel } from "./job-panel";
import { NewJobForm, type NewJobInitial } from "./new-job-form";
import { RecentJobs } from "./recent-jobs";

/** The Batch page: a new job form or one job (its id kept in the URL, so a reload reattaches), and recent jobs. */
export function BatchWorkspace({ buckets, initialJob, initial }: { buckets: string[]; initialJob?: string; initial: NewJobInitial }) {
  const t = useT();
  const router = useRouter();
  const pathname = usePathname();
  const [jobId, setJobId] = useState(initialJob);
  const open = (id: string | undefined) => {
    setJobId(id);
    router.replace(id ? `${pathname}?job=${id}` : pathname, { scroll: false });
  };
  return (
    <div className="grid gap-4 lg:grid-cols-[1fr_18rem]">
      <div className="min-w-0 space-y-3">
        {jobId ? (
          <>
            <button type="button" className="text-sm underline" onClick={() => open(undefined)} data-testid="batch-new-link">
              {t("batch.backToNew")}
            </button>
            <JobPanel key={jobId} jobId={jobId} onOpenJob={open} />
          </>
        ) : (
          <NewJobForm buckets={buckets} initial={initial} onCreated={open} />
        )}
      </div>
      <RecentJobs current={jobId} onOpenJob={open} />
    </div>
  );
}

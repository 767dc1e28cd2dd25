"use client";

import { useT } from "@/components/i18n-provider";
import type { PfopJobPage } from "@/server/processing/reads";
import { JobList } from "./job-list";
import { SubmitForm } from "./submit-form";

export interface ProcessingViewProps {
  initial: PfopJobPage | null;
  initialError?: string;
  buckets: string[];
  prefill: { bucket: string; key: string };
  canSubmit: boolean;
}

export function ProcessingView({ initial, initialError, buckets, prefill, canSubmit }: ProcessingViewProps) {
  const t = useT();
  const pipelines = [...new Set((initial?.jobs ?? []).map((j) => j.pipeline).filter((p): p is string => Boolean(p)))];
  return (
    <div className="space-y-6">
      {canSubmit && (
        <>
          <SubmitForm buckets={buckets} prefill={prefill} pipelines={pipelines} />
          {initial && <p className="text-xs text-slate-500">{initial.notifies ? t("processing.form.notifyOn") : t("processing.form.notifyOff")}</p>}
        </>
      )}
      <JobList initial={initial} initialError={initialError} />
    </div>
  );
}

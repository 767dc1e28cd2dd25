"use client";

import { useState } from "react";
import type { SourceKey } from "@/lib/batch/plan";
import type { BatchOperation } from "@/lib/batch/spec";
import { addBatchKeys, createBatchJob } from "@/server/actions/batch";

// Large lists go in several requests (server actions take at most 2 MB each).
const KEYS_PER_REQUEST = 5000;

export type CreateSource = { kind: "prefix"; bucket: string; prefix: string } | { kind: "selection" | "keys"; bucket: string; keys: SourceKey[] };

/** Creates a job (its dry run starts on the server) and reports the new job's id. */
export function useCreateJob(onCreated: (jobId: string) => void) {
  const [progress, setProgress] = useState<{ done: number; total: number }>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function create(source: CreateSource, operation: BatchOperation) {
    setBusy(true);
    setError(undefined);
    try {
      if (source.kind === "prefix") {
        const res = await createBatchJob({ kind: "prefix", bucket: source.bucket, prefix: source.prefix, operation });
        if (!res.ok) return setError(res.error.message);
        return onCreated(res.data.jobId);
      }
      const chunks: SourceKey[][] = [];
      for (let i = 0; i < source.keys.length; i += KEYS_PER_REQUEST) chunks.push(source.keys.slice(i, i + KEYS_PER_REQUEST));
      setProgress({ done: 0, total: source.keys.length });
      const first = await createBatchJob({ kind: source.kind, bucket: source.bucket, operation, keys: chunks[0], final: chunks.length === 1 });
      if (!first.ok) return setError(first.error.message);
      for (let i = 1; i < chunks.length; i++) {
        setProgress({ done: i * KEYS_PER_REQUEST, total: source.keys.length });
        const res = await addBatchKeys({ jobId: first.data.jobId, bucket: source.bucket, keys: chunks[i], final: i === chunks.length - 1 });
        if (!res.ok) return setError(res.error.message);
      }
      onCreated(first.data.jobId);
    } finally {
      setBusy(false);
      setProgress(undefined);
    }
  }

  return { create, busy, progress, error };
}

// A one-line title for a job: "Move 2,000 objects from media:photos/ to archive".
import type { BatchJobView } from "@/lib/batch/view";
import type { Translate } from "@/lib/i18n/engine";

export function jobTitle(t: Translate, job: Pick<BatchJobView, "operation" | "source" | "bucket">): string {
  const op = t(`batch.op.${job.operation.op}`);
  const where = job.source.kind === "prefix" ? `${job.bucket}:${job.source.prefix || "/"}` : job.bucket;
  const to = job.operation.op === "copy" || job.operation.op === "move" ? ` → ${job.operation.targetBucket}` : "";
  return `${op} · ${where}${to}`;
}

// The prefop / notifyURL body (docs/qiniu-protocol.md §9), field order as Qiniu sends it.
import type { ItemRow, JobRow, PfopCodeValue } from "./jobs";
import type { PrefopItem } from "@/lib/qiniu/client-types";

// Texts of Qiniu's prefop service (seen in real responses and Qiniu's Go prefop package).
const DESCRIPTIONS: Record<PfopCodeValue, string> = {
  0: "The fop was completed successfully",
  1: "The fop is waiting for execution",
  2: "The fop is executing now",
  3: "The fop is failed",
  4: "Callback failed",
};

export interface PrefopStatus {
  id: string;
  pipeline: string;
  code: number;
  desc: string;
  reqid: string;
  inputBucket: string;
  inputKey: string;
  type: number;
  creationDate: string;
  taskFrom: "pfop" | "upload";
  items: PrefopItem[];
}

export function toPrefop(job: JobRow, items: ItemRow[], code: PfopCodeValue = job.code): PrefopStatus {
  return {
    id: job.id,
    pipeline: job.pipeline,
    code,
    desc: DESCRIPTIONS[code],
    reqid: job.reqid,
    inputBucket: job.bucket,
    inputKey: job.key,
    type: job.type,
    creationDate: new Date(job.created_at).toISOString(),
    taskFrom: job.task_from,
    items: items.map(toItem),
  };
}

function toItem(row: ItemRow): PrefopItem {
  return {
    cmd: row.cmd,
    code: row.code,
    desc: DESCRIPTIONS[row.code],
    ...(row.error ? { error: row.error } : {}),
    ...(row.hash ? { hash: row.hash } : {}),
    ...(row.key ? { key: row.key } : {}),
    ...(row.result ? { result: JSON.parse(row.result) as unknown } : {}),
    returnOld: row.return_old ? 1 : 0,
  };
}

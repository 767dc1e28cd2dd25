// What the Processing page shows of a job (built on the server from pfop_jobs rows). Pure and browser-safe.
import { parseFopCommand } from "@/lib/processing/fop-syntax";

/** prefop codes (docs/qiniu-protocol.md §9) */
export const PFOP_STATUS = { success: 0, waiting: 1, processing: 2, failed: 3, notifyFailed: 4 } as const;
export type PfopStatusName = keyof typeof PFOP_STATUS;

export function statusName(code: number): PfopStatusName {
  return (Object.keys(PFOP_STATUS) as PfopStatusName[]).find((k) => PFOP_STATUS[k] === code) ?? "waiting";
}

/** Waiting or processing: worth asking Qiniu again. */
export function isActive(code: number): boolean {
  return code === PFOP_STATUS.waiting || code === PFOP_STATUS.processing;
}

export interface PfopItemView {
  cmd: string;
  code: number;
  error?: string;
  /** where the output was stored: the saveas bucket, else the source bucket (Qiniu's default naming) */
  bucket?: string;
  key?: string;
  hash?: string;
  returnOld: boolean;
  /** an info fop's JSON (imageInfo, avinfo), when Qiniu returns it */
  result?: unknown;
}

export interface PfopJobView {
  id: string;
  createdAt: string;
  createdBy: string | null;
  source: "console" | "upload";
  bucket: string;
  key: string;
  fops: string[];
  pipeline: string | null;
  code: number;
  items: PfopItemView[];
  /** last time Qiniu was asked (ISO), null before the first answer */
  statusAt: string | null;
  notifiedAt: string | null;
  reqid: string | null;
}

/** The bucket a command's output lands in. */
export function outputBucket(cmd: string, sourceBucket: string): string {
  const parsed = parseFopCommand(cmd);
  return parsed.ok && parsed.value.saveas ? parsed.value.saveas.bucket : sourceBucket;
}

/** The command without its `|saveas/…` part, for compact display. */
export function commandWithoutSaveas(cmd: string): string {
  return cmd.replace(/\|saveas\/[^|]*$/, "");
}

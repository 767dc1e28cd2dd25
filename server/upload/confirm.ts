import "server-only";
import { statOp } from "@/lib/qiniu/ops";
import type { ObjectStat } from "@/lib/qiniu/client-types";
import type { Uploader } from "@/lib/upload/plan";
import type { Queryable } from "@/server/db";
import { getQiniu } from "@/server/qiniu";
import { recordUpload } from "./records";

// Uploads without callback are recorded from what Qiniu says about the object, not from what the browser says.

export type ConfirmRefusal = "missing" | "hashMismatch" | "otherUser";

export interface ConfirmAnswer {
  bucket: string;
  key: string;
  ok: boolean;
  reason?: ConfirmRefusal;
  uploadId?: string;
}

export interface ReportedUpload {
  bucket: string;
  key: string;
  hash: string;
  relativePath: string;
  persistentId?: string;
}

export async function confirmUploadsFor(
  user: Uploader,
  batchId: string,
  uploads: ReportedUpload[],
  deps: { stat?: (objects: { bucket: string; key: string }[]) => Promise<(ObjectStat | null)[]>; db?: Queryable } = {},
): Promise<ConfirmAnswer[]> {
  const stats = await (deps.stat ?? statAll)(uploads);
  const answers: ConfirmAnswer[] = [];
  for (const [i, u] of uploads.entries()) {
    const s = stats[i];
    const base = { bucket: u.bucket, key: u.key };
    if (!s) answers.push({ ...base, ok: false, reason: "missing" });
    else if (s.hash !== u.hash) answers.push({ ...base, ok: false, reason: "hashMismatch" });
    // Every console token names its user in endUser, and Qiniu stores it with the object.
    else if (s.endUser !== undefined && s.endUser !== user.id) answers.push({ ...base, ok: false, reason: "otherUser" });
    else {
      const record = {
        userId: user.id,
        userEmail: user.email,
        bucket: u.bucket,
        key: u.key,
        hash: s.hash,
        fsize: s.fsize,
        mimeType: s.mimeType,
        fname: u.relativePath.split("/").pop() ?? null,
        relativePath: u.relativePath,
        batchId,
        overwrite: false,
        persistentId: u.persistentId ?? null,
        source: "confirmed" as const,
      };
      const rec = await recordUpload(record, deps.db);
      answers.push({ ...base, ok: true, uploadId: rec.id });
    }
  }
  return answers;
}

async function statAll(objects: { bucket: string; key: string }[]): Promise<(ObjectStat | null)[]> {
  const results = await getQiniu().batch<ObjectStat>(objects.map((o) => statOp(o.bucket, o.key)));
  return results.map((r) => (r.code === 200 && r.data ? r.data : null));
}

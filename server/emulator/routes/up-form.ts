// Form upload: `POST /` with multipart/form-data (docs/qiniu-protocol.md §7.1).
import { rm } from "node:fs/promises";
import { verifyUploadToken } from "../auth";
import { regionalUploadToken } from "../regions";
import type { RequestCtx } from "../core";
import { badRequest, QiniuHttpError, sendText } from "../http";
import { parseMultipart } from "../multipart";
import { completeUpload, type UploadAnswer } from "../upload";

export function customVarsOf(fields: Iterable<[string, string]>): { customVars: Record<string, string>; meta: Record<string, string> } {
  const customVars: Record<string, string> = {};
  const meta: Record<string, string> = {};
  for (const [name, value] of fields) {
    if (name.startsWith("x:")) customVars[name] = value;
    else if (name.toLowerCase().startsWith("x-qn-meta-")) meta[name.slice("x-qn-meta-".length)] = value;
  }
  return { customVars, meta };
}

export function sendUploadAnswer(rc: RequestCtx, answer: UploadAnswer, contentType?: string): void {
  if (answer.status === 303) {
    rc.res.statusCode = 303;
    for (const [k, v] of Object.entries(answer.headers ?? {})) rc.res.setHeader(k, v);
    rc.res.setHeader("Content-Length", "0");
    rc.res.end();
    return;
  }
  sendText(rc.res, answer.status, answer.body, contentType ? { "Content-Type": contentType } : {});
}

export async function formUpload(rc: RequestCtx): Promise<void> {
  const form = await parseMultipart(rc.req, () => rc.core.store.tempPath(), {
    fileLimit: (fields) => {
      try {
        const limit = verifyUploadToken(rc.core.keys, fields.get("token")).policy.fsizeLimit;
        return typeof limit === "number" && limit >= 0 ? limit : undefined;
      } catch {
        return undefined; // judged after the whole form has been read
      }
    },
  });
  try {
    const token = regionalUploadToken(rc, form.fields.get("token"));
    const file = form.file;
    if (!file) throw badRequest("file is required");
    const crc = form.fields.get("crc32");
    if (crc !== undefined && crc !== "") {
      if (!/^\d+$/.test(crc)) throw badRequest("invalid crc32");
      if (Number(crc) !== file.digest.crc32) throw new QiniuHttpError(406, "crc32 not match");
    }
    const { customVars, meta } = customVarsOf(form.fields);
    const answer = await completeUpload(rc.core, {
      token,
      kind: "form",
      clientKey: form.fields.get("key"),
      fname: form.fields.get("fname") || file.filename,
      clientMime: file.mimeType,
      customVars,
      meta,
      tmpPath: file.tmpPath,
      digest: file.digest,
    });
    const accept = form.fields.get("accept");
    sendUploadAnswer(rc, answer, accept && /^[\w.+-]+\/[\w.+-]+$/.test(accept) ? accept : undefined);
  } finally {
    if (form.file) await rm(form.file.tmpPath, { force: true });
  }
}

// up service: form upload, resumable v1 and v2 (docs/qiniu-protocol.md §7).
import type { Handler } from "../core";
import { QiniuHttpError } from "../http";
import { formUpload } from "./up-form";
import { bput, mkblk, mkfile } from "./up-v1";
import { handleV2 } from "./up-v2";

const V1 = { mkblk, bput, mkfile } as const;

export const handleUp: Handler = async (rc) => {
  if (rc.rawPath === "/" && (rc.method === "POST" || rc.method === "PUT")) {
    await formUpload(rc);
    return true;
  }
  const first = rc.segs[0];
  if (first === "mkblk" || first === "bput" || first === "mkfile") {
    if (rc.method !== "POST") throw new QiniuHttpError(405, "method not allowed");
    await V1[first](rc);
    return true;
  }
  return handleV2(rc);
};

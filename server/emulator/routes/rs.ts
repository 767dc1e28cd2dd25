// rs service: single object operations and batch (docs/qiniu-protocol.md §8). GET and POST are both accepted (§0 item 5).
import type { Handler, RequestCtx } from "../core";
import { badRequest, decodeSegment, sendJson, sendOk, QiniuHttpError } from "../http";
import { OBJECT_OPS, ObjectOps, opSegments, type OpResult } from "../object-ops";
import { checkRegion } from "../regions";
import { authenticate, params } from "./common";

export const MAX_BATCH_OPS = 1000;

function opsOf(rc: RequestCtx): ObjectOps {
  return new ObjectOps(rc.core, (bucket) => checkRegion(rc, bucket, "rs"));
}

function answer(rc: RequestCtx, result: OpResult): void {
  if (result.code !== 200) {
    sendJson(rc.res, result.code, result.data ?? { error: "failed" });
    return;
  }
  if (result.data !== undefined) sendJson(rc.res, 200, result.data);
  else sendOk(rc.res);
}

async function single(rc: RequestCtx): Promise<void> {
  await authenticate(rc);
  // Split as batch ops are: chgm keeps its empty segments (an empty metadata value removes the name).
  const segs = opSegments(rc.rawPath).segs.map(decodeSegment);
  answer(rc, opsOf(rc).run(segs, rc.query.get("needparts") === "true"));
}

async function batch(rc: RequestCtx): Promise<void> {
  const { body } = await authenticate(rc);
  const ops = params(rc, body).getAll("op");
  if (ops.length === 0) throw badRequest("no op in batch");
  if (ops.length > MAX_BATCH_OPS) throw badRequest(`too many ops in batch (at most ${MAX_BATCH_OPS})`);
  const runner = opsOf(rc);
  // One transaction for the whole batch (each op is its own savepoint): fast, and a crash applies all or nothing.
  const results = rc.core.store.inTransaction(() =>
    ops.map((op) => {
      const { segs, needParts } = opSegments(op);
      if (!OBJECT_OPS.includes(segs[0] ?? "")) return { code: 400, data: { error: `unknown op ${segs[0] ?? ""}` } };
      return runner.run(segs, needParts);
    }),
  );
  const allOk = results.every((r) => r.code === 200);
  sendJson(rc.res, allOk ? 200 : 298, results);
}

export const handleRs: Handler = async (rc) => {
  const first = rc.segs[0];
  if (first === "batch" && rc.segs.length === 1) {
    if (rc.method !== "POST" && rc.method !== "GET") throw new QiniuHttpError(405, "method not allowed");
    await batch(rc);
    return true;
  }
  if (first && OBJECT_OPS.includes(first)) {
    if (rc.method !== "POST" && rc.method !== "GET") throw new QiniuHttpError(405, "method not allowed");
    await single(rc);
    return true;
  }
  return false;
};

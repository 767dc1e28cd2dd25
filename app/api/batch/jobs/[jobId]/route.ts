import { getDb } from "@/server/db";
import { withRoute } from "@/server/actions/wrapper";
import { findAccessibleJob } from "@/server/batch/access";
import { jobView } from "@/server/batch/view";

/** One job's state and counts; the Batch page polls this while the job is busy. */
export const GET = withRoute<{ jobId: string }>({ permission: "batch.run", name: "batch.job" }, async (_req, { user, t, params }) => {
  const db = getDb();
  const job = await findAccessibleJob(db, user, params.jobId);
  if (!job) return Response.json({ ok: false, error: { code: "not_found", message: t("batch.errors.notFound") } }, { status: 404 });
  return Response.json({ ok: true, data: await jobView(db, job) }, { headers: { "Cache-Control": "no-store" } });
});

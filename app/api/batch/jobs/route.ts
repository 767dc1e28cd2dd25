import { getDb } from "@/server/db";
import { withRoute } from "@/server/actions/wrapper";
import { recentAccessibleJobs } from "@/server/jobs/batch-access";
import { jobView } from "@/server/jobs/batch-view";

/** The newest batch jobs the user may see (the Batch page's "recent jobs"). */
export const GET = withRoute({ permission: "batch.run", name: "batch.jobs" }, async (_req, { user }) => {
  const db = getDb();
  const jobs = await recentAccessibleJobs(db, user, 20);
  const views = [];
  for (const job of jobs) views.push(await jobView(db, job));
  return Response.json({ ok: true, data: views }, { headers: { "Cache-Control": "no-store" } });
});

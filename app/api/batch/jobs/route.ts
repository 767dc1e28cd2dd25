import { getDb } from "@/server/db";
import { withRoute } from "@/server/actions/wrapper";
import { recentAccessibleJobs } from "@/server/batch/access";
import { jobSummary } from "@/server/batch/view";

/** The newest batch jobs the user may see (the Batch page's "recent jobs"). */
export const GET = withRoute({ permission: "batch.run", name: "batch.jobs" }, async (_req, { user }) => {
  const jobs = await recentAccessibleJobs(getDb(), user, 20);
  return Response.json({ ok: true, data: jobs.map(jobSummary) }, { headers: { "Cache-Control": "no-store" } });
});

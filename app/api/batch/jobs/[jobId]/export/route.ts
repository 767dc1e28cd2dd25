import { resultsCsv } from "@/lib/batch/results-csv";
import { getDb } from "@/server/db";
import { withRoute } from "@/server/actions/wrapper";
import { findAccessibleJob } from "@/server/batch/access";
import { ITEM_FILTERS, listItems, type ItemFilter } from "@/server/batch/items-store";

const PAGE = 2000;

/** The job's item results as CSV, streamed page by page (a 100,000-item job is never held in memory). */
export const GET = withRoute<{ jobId: string }>({ permission: "batch.run", name: "batch.export" }, async (req, { user, t, params }) => {
  const db = getDb();
  const job = await findAccessibleJob(db, user, params.jobId);
  if (!job) return Response.json({ ok: false, error: { code: "not_found", message: t("batch.errors.notFound") } }, { status: 404 });
  const requested = new URL(req.url).searchParams.get("filter") ?? "all";
  const filter: ItemFilter = (ITEM_FILTERS as readonly string[]).includes(requested) ? (requested as ItemFilter) : "all";
  let first = true;
  let afterSeq = -1;
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      // Walks on from the last item sent (not by offset: each page costs the same however far along).
      const rows = await listItems(db, job.id, { filter, offset: 0, limit: PAGE, afterSeq });
      // A byte-order mark first, so spreadsheet programs read the UTF-8 keys correctly.
      const chunk = (first ? "\uFEFF" : "") + resultsCsv(rows, first);
      if (chunk) controller.enqueue(encoder.encode(chunk));
      first = false;
      if (rows.length) afterSeq = rows[rows.length - 1].seq;
      if (rows.length < PAGE) controller.close();
    },
  });
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="batch-${job.id}${filter === "all" ? "" : `-${filter}`}.csv"`,
      "Cache-Control": "no-store",
    },
  });
});

import { z } from "zod";
import { getDb } from "@/server/db";
import { withRoute } from "@/server/actions/wrapper";
import { findAccessibleJob } from "@/server/batch/access";
import { countItems, ITEM_FILTERS, listItems } from "@/server/batch/items-store";
import { itemView } from "@/server/batch/view";

const query = z.object({
  filter: z.enum(ITEM_FILTERS).default("all"),
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

/** One page of a job's items (the result table loads pages as it scrolls). */
export const GET = withRoute<{ jobId: string }>({ permission: "batch.run", name: "batch.items" }, async (req, { user, t, params }) => {
  const db = getDb();
  const job = await findAccessibleJob(db, user, params.jobId);
  if (!job) return Response.json({ ok: false, error: { code: "not_found", message: t("batch.errors.notFound") } }, { status: 404 });
  const parsed = query.safeParse(Object.fromEntries(new URL(req.url).searchParams));
  if (!parsed.success) return Response.json({ ok: false, error: { code: "invalid_input", message: t("auth.errors.invalidInput") } }, { status: 400 });
  const { filter, offset, limit } = parsed.data;
  const [total, items] = await Promise.all([countItems(db, job.id, filter), listItems(db, job.id, { filter, offset, limit })]);
  return Response.json({ ok: true, data: { total, offset, items: items.map(itemView) } }, { headers: { "Cache-Control": "no-store" } });
});

import { withRoute } from "@/server/actions/wrapper";
import { iterateAudit, recordAudit } from "@/server/audit/log";
import { AUDIT_CSV_HEADER, auditCsvRow } from "@/server/audit/csv";
import { auditFilterFrom } from "@/server/audit/filter";
import { getDisplayTimeZone } from "@/server/i18n";

// CSV export of the audit log with the Audit page's filters, streamed in batches (never the whole log in memory).
export const GET = withRoute({ permission: "audit.read", name: "audit.export" }, async (req, { user }) => {
  const filter = auditFilterFrom(Object.fromEntries(new URL(req.url).searchParams), (await getDisplayTimeZone()).zone);
  // Reading the log changes nothing, but who took a copy of it is worth knowing.
  await recordAudit({
    actor: { id: user.id, email: user.email, role: user.role },
    action: "audit.export",
    params: { actor: filter.actor, action: filter.action, bucket: filter.bucket, from: filter.fromText, to: filter.toText },
    outcome: "ok",
  });
  const encoder = new TextEncoder();
  const rows = iterateAudit(filter);
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      // A byte-order mark so spreadsheet programs read the UTF-8 (Chinese names, keys) correctly.
      controller.enqueue(encoder.encode(`\uFEFF${AUDIT_CSV_HEADER.join(",")}\r\n`));
    },
    async pull(controller) {
      const next = await rows.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(auditCsvRow(next.value)));
    },
    async cancel() {
      await rows.return(undefined);
    },
  });
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="audit-${stamp}.csv"`,
      "Cache-Control": "no-store",
    },
  });
});

import { connection } from "next/server";
import { consoleHealth } from "@/server/health";

// Public: says only whether the console, its Qiniu (emulator or real) and its database answer, never where they are.
export async function GET() {
  await connection(); // a live answer on every request, never one prerendered at build time
  const report = await consoleHealth();
  return Response.json(report, { status: report.ok ? 200 : 503, headers: { "Cache-Control": "no-store" } });
}

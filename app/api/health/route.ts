import { publicConfig } from "@/server/config";

export async function GET() {
  const { mode } = publicConfig();
  return Response.json({ ok: true, mode }, { headers: { "Cache-Control": "no-store" } });
}

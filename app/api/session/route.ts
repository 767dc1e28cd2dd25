import { readSession } from "@/server/auth/session";

// The expiry warning's poll (components/auth/session-timeout.tsx): when the caller's own session ends. It reads the
// session without counting as activity (withRoute would, and a poll must not keep an idle session alive); it answers
// only facts about the caller's own session, so no role or scope applies.
export async function GET(): Promise<Response> {
  const state = await readSession(false);
  const headers = { "Cache-Control": "no-store" };
  if (!state) return Response.json({ active: false }, { status: 401, headers });
  return Response.json(
    { active: true, endsAt: state.endsAt.toISOString(), reason: state.reason, idleMs: state.idleMs, now: new Date().toISOString() },
    { headers },
  );
}

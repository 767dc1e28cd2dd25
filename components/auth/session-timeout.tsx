"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { useT } from "@/components/i18n-provider";
import { keepSessionAlive } from "@/server/actions/account";

interface Status {
  active: boolean;
  endsAt?: string;
  reason?: "idle" | "lifetime";
  idleMs?: number;
  /** The server's clock, so a browser clock that is off does not matter. */
  now?: string;
}

async function fetchStatus(): Promise<Status & { receivedAt: number }> {
  const res = await fetch("/api/session", { cache: "no-store" });
  const body = (await res.json().catch(() => ({ active: false }))) as Status;
  return { ...body, active: res.ok && body.active, receivedAt: Date.now() };
}

/**
 * Warns before the session ends (idle timeout or absolute lifetime) with a "continue" button, and goes to the login
 * page once it has ended. The poll does not count as activity; pages, actions and "continue" do (server/auth/session.ts).
 */
export function SessionTimeout() {
  const t = useT();
  const queryClient = useQueryClient();
  const router = useRouter();
  const [now, setNow] = useState(() => Date.now());
  const status = useQuery({
    queryKey: ["session-status"],
    queryFn: fetchStatus,
    staleTime: 0,
    refetchOnWindowFocus: true,
    // Often enough to notice activity in other tabs before warning; at most every 30 s.
    refetchInterval: (q) => Math.min(30_000, Math.max(1_000, (q.state.data?.idleMs ?? 30_000) / 6)),
  });
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, []);

  const data = status.data;
  const remaining = data?.active && data.endsAt && data.now ? new Date(data.endsAt).getTime() - new Date(data.now).getTime() - (now - data.receivedAt) : null;
  const ended = data !== undefined && (!data.active || (remaining !== null && remaining <= 0));

  useEffect(() => {
    if (!ended) return;
    if (data?.active) {
      void queryClient.invalidateQueries({ queryKey: ["session-status"] }); // confirm with the server first
      return;
    }
    const back = window.location.pathname + window.location.search;
    router.replace(`/login?error=SessionExpired&callbackUrl=${encodeURIComponent(back)}`);
  }, [ended, data?.active, queryClient, router]);

  if (remaining === null || remaining <= 0) return null;
  const warnMs = Math.min(120_000, (data?.idleMs ?? 0) / 3);
  if (remaining > warnMs) return null;
  const seconds = Math.ceil(remaining / 1000);
  return (
    <div
      role="alertdialog"
      aria-live="assertive"
      data-testid="session-warning"
      className="fixed bottom-4 right-4 z-50 max-w-sm rounded-lg border border-amber-300 bg-amber-50 p-4 text-sm text-amber-900 shadow-lg dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100"
    >
      <p>{t(data?.reason === "lifetime" ? "auth.sessions.warningLifetime" : "auth.sessions.warning", { seconds })}</p>
      {data?.reason !== "lifetime" && (
        <button
          type="button"
          data-testid="session-continue"
          className="mt-3 rounded-md bg-brand-600 px-3 py-1.5 font-medium text-white hover:bg-brand-700"
          onClick={async () => {
            await keepSessionAlive({});
            await queryClient.invalidateQueries({ queryKey: ["session-status"] });
          }}
        >
          {t("auth.sessions.continue")}
        </button>
      )}
    </div>
  );
}

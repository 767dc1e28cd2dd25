"use client";

import { signOut } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useLocale, useT } from "@/components/i18n-provider";
import { buttonClass } from "@/components/ui/field-styles";
import { revokeMySession } from "@/server/actions/account";

export interface SessionView {
  sid: string;
  createdAt: string;
  lastSeenAt: string;
  ip: string | null;
  userAgent: string | null;
  provider: string;
  current: boolean;
}

/** The account's live sessions, each revocable (ending the current one signs out here). */
export function SessionsList({ sessions }: { sessions: SessionView[] }) {
  const t = useT();
  const locale = useLocale();
  const router = useRouter();
  const [error, setError] = useState<string>();
  const [pending, setPending] = useState<string>();
  const time = (iso: string) => new Date(iso).toLocaleString(locale);

  async function revoke(sid: string) {
    setPending(sid);
    const result = await revokeMySession({ sid });
    setPending(undefined);
    if (!result.ok) return setError(result.error.message);
    if (result.data.current) await signOut({ callbackUrl: "/login" });
    else router.refresh();
  }

  return (
    <div className="space-y-2">
      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm" data-testid="sessions-table">
          <thead className="text-xs uppercase text-slate-500">
            <tr>
              <th className="py-1 pr-3">{t("auth.sessions.device")}</th>
              <th className="py-1 pr-3">{t("auth.sessions.ip")}</th>
              <th className="py-1 pr-3">{t("auth.sessions.started")}</th>
              <th className="py-1 pr-3">{t("auth.sessions.lastSeen")}</th>
              <th className="py-1" />
            </tr>
          </thead>
          <tbody>
            {sessions.map((s) => (
              <tr key={s.sid} className="border-t border-slate-200 dark:border-slate-800" data-testid="session-row" data-current={s.current}>
                <td className="max-w-56 truncate py-1 pr-3" title={s.userAgent ?? undefined}>
                  {s.userAgent ?? t("auth.sessions.unknown")} {s.provider === "oidc" && <span className="text-xs text-slate-500">SSO</span>}
                  {s.current && <span className="ml-1 text-xs font-medium text-green-700 dark:text-green-400">{t("auth.sessions.current")}</span>}
                </td>
                <td className="py-1 pr-3 font-mono text-xs">{s.ip ?? "—"}</td>
                <td className="py-1 pr-3 text-xs" suppressHydrationWarning>
                  {time(s.createdAt)}
                </td>
                <td className="py-1 pr-3 text-xs" suppressHydrationWarning>
                  {time(s.lastSeenAt)}
                </td>
                <td className="py-1 text-right">
                  <button type="button" className={buttonClass} disabled={pending === s.sid} onClick={() => revoke(s.sid)} data-testid="session-revoke">
                    {t("auth.sessions.revoke")}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {error && (
        <p role="status" className="text-sm text-red-600">
          {error}
        </p>
      )}
    </div>
  );
}

"use client";

import { useState } from "react";
import { useT } from "@/components/i18n-provider";
import type { ActionResult, Translate } from "@/lib/actions/result";
import { clearUserThrottle, endUserSessions, resetUserTwoFactor } from "@/server/actions/users";
import type { UserView } from "@/lib/users/user-view";
import { buttonClass } from "@/components/ui/field-styles";

/** The Users page's security buttons for one user: clear a sign-in delay, reset two-step verification, end sessions. */
export function UserSecurityActions({ user, onDone }: { user: UserView; onDone: (message: string, isError?: boolean) => void }) {
  const t = useT();
  const [pending, setPending] = useState(false);

  async function run<T>(confirmText: string | null, call: () => Promise<ActionResult<T>>, message: (data: T, t: Translate) => string) {
    if (confirmText && !window.confirm(confirmText)) return;
    setPending(true);
    const result = await call();
    setPending(false);
    if (result.ok) onDone(message(result.data, t));
    else onDone(result.error.message, true);
  }

  return (
    <>
      {user.failures > 0 && (
        <button
          type="button"
          className={buttonClass}
          disabled={pending}
          data-testid="unlock-user"
          onClick={() =>
            run(
              null,
              () => clearUserThrottle({ id: user.id }),
              () => t("auth.users.unlocked", { email: user.email }),
            )
          }
        >
          {t("auth.users.unlock")}
        </button>
      )}
      {user.twoFactor && (
        <button
          type="button"
          className={buttonClass}
          disabled={pending}
          data-testid="reset-2fa"
          onClick={() =>
            run(
              t("auth.users.confirmReset2fa", { email: user.email }),
              () => resetUserTwoFactor({ id: user.id }),
              () => t("auth.users.reset2faDone", { email: user.email }),
            )
          }
        >
          {t("auth.users.reset2fa")}
        </button>
      )}
      <button
        type="button"
        className={buttonClass}
        disabled={pending}
        data-testid="end-sessions"
        onClick={() =>
          run(
            t("auth.users.confirmEndSessions", { email: user.email }),
            () => endUserSessions({ id: user.id }),
            (d) => t("auth.users.sessionsEnded", { email: user.email, count: d.ended }),
          )
        }
      >
        {t("auth.users.endSessions")}
      </button>
    </>
  );
}

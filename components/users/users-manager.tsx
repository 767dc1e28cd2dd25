"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { useT } from "@/components/i18n-provider";
import { EmptyState } from "@/components/ui/empty-state";
import { TableBox, tableClass, theadClass, thClass } from "@/components/ui/table";
import type { UserView } from "@/lib/users/user-view";
import { CreateUserForm } from "./create-user-form";
import { OneTimePassword } from "./one-time-password";
import { UserRow } from "./user-row";

export function UsersManager({ users, me }: { users: UserView[]; me: string }) {
  const t = useT();
  const router = useRouter();
  const [notice, setNotice] = useState<{ text: string; error?: boolean }>();
  const [password, setPassword] = useState<{ email: string; password: string }>();

  const done = (text: string, error?: boolean) => {
    setNotice({ text, error });
    if (!error) router.refresh(); // the actions revalidate /users; refresh shows the new list
  };

  return (
    <div className="space-y-4">
      <CreateUserForm
        onCreated={(email, generated) => {
          done(t("auth.users.created", { email }));
          if (generated) setPassword({ email, password: generated });
        }}
      />
      {password && <OneTimePassword {...password} onClose={() => setPassword(undefined)} />}
      {notice && (
        <p role="status" data-testid="users-notice" className={notice.error ? "text-sm text-red-600" : "text-sm text-green-700 dark:text-green-400"}>
          {notice.text}
        </p>
      )}
      {users.length === 0 ? (
        <EmptyState>{t("auth.users.empty")}</EmptyState>
      ) : (
        <TableBox label={t("auth.users.title")}>
          <table className={`${tableClass} min-w-[52rem]`} data-testid="users-table">
            <thead className={theadClass}>
              <tr>
                <th className={thClass}>{t("auth.users.email")}</th>
                <th className={thClass}>{t("auth.users.role")}</th>
                <th className={thClass}>{t("auth.users.scopes")}</th>
                <th className={thClass}>{t("auth.users.status")}</th>
                <th className={thClass}>{t("auth.users.lastLogin")}</th>
                <th className={thClass}>{t("auth.users.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {users.map((u) => (
                <UserRow key={u.id} user={u} isMe={u.id === me} onDone={done} onPassword={(email, pw) => setPassword({ email, password: pw })} />
              ))}
            </tbody>
          </table>
        </TableBox>
      )}
    </div>
  );
}

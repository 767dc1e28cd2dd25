import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { Forbidden } from "@/components/auth/forbidden";
import { SecuritySettingsForm } from "@/components/users/security-settings-form";
import { UsersManager } from "@/components/users/users-manager";
import { can } from "@/lib/permissions";
import { requireUser } from "@/server/auth/session";
import { getAuthSettings } from "@/server/auth/auth-settings";
import { accountThrottles } from "@/server/auth/login-throttle";
import { usersWithTwoFactor } from "@/server/auth/two-factor";
import { listUsers } from "@/server/auth/users";
import { getConfig } from "@/server/config";
import { getQiniu } from "@/server/qiniu";
import { toUserView } from "@/server/auth/user-view";
import { getDb } from "@/server/db";
import { getTranslator } from "@/server/i18n";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslator();
  return { title: t("auth.users.title") };
}

export default async function UsersPage() {
  const user = await requireUser("/users");
  if (!can(user, "users.manage")) return <Forbidden />;
  const { t } = await getTranslator();
  const db = getDb();
  // The bucket list marks scopes whose bucket was deleted since; unreadable (Qiniu down), nothing is marked.
  const [records, throttles, twoFactor, settings, buckets] = await Promise.all([
    listUsers(db),
    accountThrottles(db, new Date()),
    usersWithTwoFactor(db),
    getAuthSettings(db),
    getQiniu()
      .listBuckets()
      .then((names) => new Set(names))
      .catch(() => null),
  ]);
  const users = records.map((u) => toUserView(u, { throttle: throttles.get(u.email), twoFactor: twoFactor.has(u.id), buckets }));
  return (
    <section className="space-y-4">
      <PageHeader title={t("auth.users.title")} />
      <UsersManager users={users} me={user.id} />
      <SecuritySettingsForm settings={settings} defaultIdleMinutes={getConfig().auth.idleMinutes} sessionHours={getConfig().auth.sessionHours} />
    </section>
  );
}

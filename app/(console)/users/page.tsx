import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { Forbidden } from "@/components/auth/forbidden";
import { UsersManager } from "@/components/users/users-manager";
import { can } from "@/lib/permissions";
import { requireUser } from "@/server/auth/session";
import { listUsers } from "@/server/auth/users";
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
  const users = (await listUsers(getDb())).map(toUserView);
  return (
    <section className="space-y-4">
      <PageHeader title={t("auth.users.title")} />
      <UsersManager users={users} me={user.id} />
    </section>
  );
}

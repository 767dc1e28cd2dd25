import Link from "next/link";
import { buttonClass } from "@/components/ui/button";
import { getTranslator } from "@/server/i18n";

export default async function NotFound() {
  const { t } = await getTranslator();
  return (
    <main className="mx-auto mt-24 max-w-md px-4 text-center" data-testid="not-found">
      <p className="text-5xl font-bold text-slate-500 dark:text-slate-400">404</p>
      <h1 className="mt-4 text-xl font-semibold">{t("common.notFoundTitle")}</h1>
      <p className="mt-2 text-slate-500">{t("common.notFoundBody")}</p>
      <Link href="/" className={`mt-6 ${buttonClass.primary}`}>
        {t("common.backHome")}
      </Link>
    </main>
  );
}

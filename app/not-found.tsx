import Link from "next/link";
import { getTranslator } from "@/server/i18n";

export default async function NotFound() {
  const { t } = await getTranslator();
  return (
    <div className="mx-auto mt-24 max-w-md text-center" data-testid="not-found">
      <p className="text-5xl font-bold text-slate-300">404</p>
      <h1 className="mt-4 text-xl font-semibold">{t("common.notFoundTitle")}</h1>
      <p className="mt-2 text-slate-500">{t("common.notFoundBody")}</p>
      <Link href="/" className="mt-6 inline-block rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700">
        {t("common.backHome")}
      </Link>
    </div>
  );
}

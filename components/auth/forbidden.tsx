import { getTranslator } from "@/server/i18n";

/** Shown instead of a page the user's role may not open (the server refuses its actions too). */
export async function Forbidden() {
  const { t } = await getTranslator();
  return (
    <section data-testid="forbidden" className="mx-auto max-w-lg rounded-lg border border-amber-200 bg-amber-50 p-6 dark:border-amber-900 dark:bg-amber-950/40">
      <h1 className="text-lg font-semibold text-amber-900 dark:text-amber-100">{t("auth.forbidden.title")}</h1>
      <p className="mt-2 text-sm text-amber-800 dark:text-amber-200">{t("auth.forbidden.body")}</p>
    </section>
  );
}

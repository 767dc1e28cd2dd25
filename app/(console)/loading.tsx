import { getTranslator } from "@/server/i18n";

export default async function Loading() {
  const { t } = await getTranslator();
  return (
    <div role="status" aria-live="polite" className="flex items-center gap-3 text-slate-500" data-testid="loading">
      <span className="h-4 w-4 animate-spin rounded-full border-2 border-slate-300 border-t-brand-500" aria-hidden />
      {t("common.loading")}
    </div>
  );
}

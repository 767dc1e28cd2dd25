import { getTranslator } from "@/server/i18n";
import type { MessageKey } from "@/lib/i18n/translate";

/** Shown by sections whose feature has not landed yet: says so plainly, with no made-up data. */
export async function NotBuilt({ title }: { title: MessageKey }) {
  const { t } = await getTranslator();
  return (
    <section>
      <h1 className="mb-4 text-xl font-semibold">{t(title)}</h1>
      <div data-testid="not-built" className="rounded-lg border border-dashed border-slate-300 p-8 text-center dark:border-slate-700">
        <p className="font-medium">{t("common.notBuilt")}</p>
        <p className="mt-2 text-sm text-slate-500">{t("common.notBuiltBody")}</p>
      </div>
    </section>
  );
}

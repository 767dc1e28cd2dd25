import { getTranslator } from "@/server/i18n";
import type { ActionError } from "@/server/actions/wrapper";

/** A page-level failure to read from Qiniu: the translated message and request id, never a stack. */
export async function LoadError({ error, title }: { error: ActionError; title: string }) {
  const { t } = await getTranslator();
  return (
    <section data-testid="load-error" className="mx-auto max-w-xl rounded-lg border border-red-200 bg-red-50 p-6 dark:border-red-900 dark:bg-red-950/40">
      <h1 className="text-lg font-semibold text-red-800 dark:text-red-200">{title}</h1>
      <p className="mt-2 text-sm text-red-700 dark:text-red-300">{error.message}</p>
      {error.reqId && <p className="mt-2 font-mono text-xs text-red-600">{t("browser.ops.reqId", { reqId: error.reqId })}</p>}
    </section>
  );
}

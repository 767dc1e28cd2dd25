import { actionLabel } from "@/lib/i18n/codes";
import { ZoneLabel } from "@/components/ui/local-time";
import { getTranslator } from "@/server/i18n";

const input = "mt-1 block w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-950";

/** A plain GET form: filters live in the URL, so a filtered view can be bookmarked and works without JavaScript. */
export async function AuditFilters({
  filter,
  actions,
}: {
  filter: { actor?: string; action?: string; bucket?: string; fromText?: string; toText?: string };
  actions: string[];
}) {
  const { t } = await getTranslator();
  return (
    <form
      method="get"
      action="/audit"
      className="grid gap-3 rounded-lg border border-slate-200 bg-white p-3 dark:border-slate-800 dark:bg-slate-900 sm:grid-cols-3 lg:grid-cols-6"
      data-testid="audit-filters"
    >
      <label className="text-sm font-medium">
        {t("auth.audit.actor")}
        <input name="actor" defaultValue={filter.actor} className={input} data-testid="filter-actor" />
      </label>
      <label className="text-sm font-medium">
        {t("auth.audit.action")}
        <select name="action" defaultValue={filter.action ?? ""} className={input} data-testid="filter-action">
          <option value="">{t("auth.audit.anyAction")}</option>
          {actions.map((a) => (
            <option key={a} value={a}>
              {actionLabel(t, a)} · {a}
            </option>
          ))}
        </select>
      </label>
      <label className="text-sm font-medium">
        {t("auth.audit.bucket")}
        <input name="bucket" defaultValue={filter.bucket} className={input} data-testid="filter-bucket" />
      </label>
      <label className="text-sm font-medium">
        {t("auth.audit.from")} (<ZoneLabel />)
        <input name="from" type="datetime-local" defaultValue={filter.fromText} className={input} data-testid="filter-from" />
      </label>
      <label className="text-sm font-medium">
        {t("auth.audit.to")} (<ZoneLabel />)
        <input name="to" type="datetime-local" defaultValue={filter.toText} className={input} data-testid="filter-to" />
      </label>
      <div className="flex items-end gap-2">
        <button type="submit" className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700" data-testid="filter-apply">
          {t("auth.audit.apply")}
        </button>
        <a href="/audit" className="px-2 py-1.5 text-sm underline">
          {t("auth.audit.reset")}
        </a>
      </div>
    </form>
  );
}

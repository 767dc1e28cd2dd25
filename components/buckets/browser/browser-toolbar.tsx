"use client";

import clsx from "clsx";
import { useT } from "@/components/i18n-provider";
import { parseSort, type SortOrder, type ViewMode } from "@/lib/buckets/browser-url";
import { LINK_EXPIRIES } from "@/lib/buckets/object-url";
import { NewFolderButton } from "./new-folder";
import { SearchBox } from "./search-box";

interface Props {
  q: string;
  /** remounts the search box when the folder changes */
  prefix: string;
  sort: SortOrder | null;
  view: ViewMode;
  isPrivate: boolean;
  expiresIn: number;
  onSearch(q: string): void;
  onSort(sort: SortOrder | null): void;
  onView(view: ViewMode): void;
  onExpiresIn(seconds: number): void;
  /** Set when the user may write in this folder: the "New folder" button. */
  newFolder?: { bucket: string; onCreated(name: string): void };
}

const SORTS = ["name-asc", "name-desc", "size-desc", "size-asc", "time-desc", "time-asc"] as const;
const select = "rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-600 dark:bg-slate-900";

export function BrowserToolbar(p: Props) {
  const t = useT();
  const sortLabel = (s: (typeof SORTS)[number]) => {
    const [field, dir] = s.split("-") as ["name" | "size" | "time", "asc" | "desc"];
    const f = { name: t("browser.page.sortName"), size: t("browser.page.sortSize"), time: t("browser.page.sortTime") }[field];
    return `${f} · ${dir === "asc" ? t("browser.page.sortAsc") : t("browser.page.sortDesc")}`;
  };
  return (
    <div className="flex flex-wrap items-center gap-3" data-testid="browser-toolbar">
      <SearchBox key={p.prefix} initial={p.q} onSearch={p.onSearch} />
      {p.newFolder && <NewFolderButton bucket={p.newFolder.bucket} parent={p.prefix} onCreated={p.newFolder.onCreated} />}
      <label className="flex items-center gap-1 text-sm">
        <span className="text-slate-500">{t("browser.page.sort")}</span>
        <select
          data-testid="sort-select"
          className={select}
          value={p.sort ? `${p.sort.field}-${p.sort.dir}` : ""}
          onChange={(e) => p.onSort(parseSort(e.target.value))}
        >
          <option value="">{t("browser.page.sortDefault")}</option>
          {SORTS.map((s) => (
            <option key={s} value={s}>
              {sortLabel(s)}
            </option>
          ))}
        </select>
      </label>
      <div
        role="radiogroup"
        aria-label={t("browser.page.view")}
        className="flex overflow-hidden rounded-md border border-slate-300 text-sm dark:border-slate-600"
      >
        {(["list", "grid"] as const).map((v) => (
          <button
            key={v}
            type="button"
            role="radio"
            aria-checked={p.view === v}
            data-testid={`view-${v}`}
            onClick={() => p.onView(v)}
            className={clsx("px-2 py-1", p.view === v ? "bg-brand-600 text-white" : "hover:bg-slate-100 dark:hover:bg-slate-800")}
          >
            {v === "list" ? t("browser.page.viewList") : t("browser.page.viewGrid")}
          </button>
        ))}
      </div>
      {p.isPrivate && (
        <label className="flex items-center gap-1 text-sm">
          <span className="text-slate-500">{t("browser.details.linkExpiry")}</span>
          <select data-testid="link-expiry" className={select} value={p.expiresIn} onChange={(e) => p.onExpiresIn(Number(e.target.value))}>
            {LINK_EXPIRIES.map((s) => (
              <option key={s} value={s}>
                {t(`browser.expiry.${s}` as const)}
              </option>
            ))}
          </select>
        </label>
      )}
    </div>
  );
}

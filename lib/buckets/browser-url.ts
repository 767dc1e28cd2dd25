// The bucket page's state lives in its URL so a view can be shared and the back button works (team brief, page hand-offs):
// /buckets/<bucket>?prefix=<p>&q=<search>&view=list|grid&key=<open object>&sort=<field>-<dir>
// Keys and prefixes only ever travel in query parameters, never in the path.

export type ViewMode = "list" | "grid";
export type SortField = "name" | "size" | "time";
export type SortDir = "asc" | "desc";
export interface SortOrder {
  field: SortField;
  dir: SortDir;
}

export interface BrowserState {
  prefix: string;
  q: string;
  view: ViewMode;
  key: string | null;
  /** null: Qiniu's own order (by key), which is the only order that spans unloaded pages */
  sort: SortOrder | null;
}

type ParamSource = { get(name: string): string | null } | Record<string, string | string[] | undefined>;

function read(params: ParamSource, name: string): string | null {
  if (typeof (params as { get?: unknown }).get === "function") return (params as { get(n: string): string | null }).get(name);
  const v = (params as Record<string, string | string[] | undefined>)[name];
  return Array.isArray(v) ? (v[0] ?? null) : (v ?? null);
}

/** A bucket's route segment as typed; a malformed escape is left as it is (the actions then refuse the name). */
export function bucketOf(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export function parseSort(text: string | null): SortOrder | null {
  const m = /^(name|size|time)-(asc|desc)$/.exec(text ?? "");
  return m ? { field: m[1] as SortField, dir: m[2] as SortDir } : null;
}

/** Reads the state from URLSearchParams (client) or a page's `searchParams` object (server). */
export function parseBrowserState(params: ParamSource): BrowserState {
  return {
    prefix: read(params, "prefix") ?? "",
    q: read(params, "q") ?? "",
    view: read(params, "view") === "grid" ? "grid" : "list",
    key: read(params, "key"),
    sort: parseSort(read(params, "sort")),
  };
}

/** The query string for a state; default values are left out so URLs stay short. */
export function browserSearch(state: Partial<BrowserState>): string {
  const p = new URLSearchParams();
  if (state.prefix) p.set("prefix", state.prefix);
  if (state.q) p.set("q", state.q);
  if (state.view === "grid") p.set("view", "grid");
  if (state.sort) p.set("sort", `${state.sort.field}-${state.sort.dir}`);
  if (state.key != null) p.set("key", state.key);
  const s = p.toString();
  return s ? `?${s}` : "";
}

export function bucketHref(bucket: string, state: Partial<BrowserState> = {}): string {
  return `/buckets/${encodeURIComponent(bucket)}${browserSearch(state)}`;
}

export function uploadHref(bucket: string, prefix: string): string {
  return `/upload?${new URLSearchParams({ bucket, prefix })}`;
}

export function processingHref(bucket: string, key: string): string {
  return `/processing?${new URLSearchParams({ bucket, key })}`;
}

/** Batch over everything under a prefix (the batch page lists it itself). */
export function batchPrefixHref(bucket: string, prefix: string): string {
  return `/batch?${new URLSearchParams({ bucket, prefix })}`;
}

export const BATCH_SELECTION_HREF = "/batch?selection=1";
export const BATCH_SELECTION_STORAGE_KEY = "qiniu-console:batch-selection";

/** Hands an explicit selection to the batch page (team brief: sessionStorage, then /batch?selection=1). */
export function writeBatchSelection(storage: Pick<Storage, "setItem">, bucket: string, keys: string[]): void {
  storage.setItem(BATCH_SELECTION_STORAGE_KEY, JSON.stringify({ bucket, keys }));
}

export function cdnRefreshHref(urls: string[]): string {
  return `/cdn?${new URLSearchParams({ tab: "refresh", urls: urls.join("\n") })}`;
}

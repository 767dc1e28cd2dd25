// Cache refresh and prefetch (/v2/tune/refresh, /v2/tune/prefetch) with Qiniu's per-request limits and daily quotas,
// and their task lists. A task is "processing" for `taskDelayMs`, then "success" (or "failure" for a prefetch
// whose object does not exist). Refresh evicts the emulated edge cache; prefetch fills it.
import { randomBytes } from "node:crypto";
import type BetterSqlite3 from "better-sqlite3";
import type { EmulatorContext } from "../types";
import type { DomainDirectory } from "./domains";
import { normalizeDomain } from "./domains";
import { FusionCode, FusionError, stringList } from "./http";
import type { ResolvedFusionOptions } from "./options";
import { DAY_MS, type Clock } from "./time";
import { cachePath, type TrafficStore } from "./traffic";

type Kind = "refresh" | "prefetch";

interface CheckedUrl {
  url: string;
  domain: string;
  /** path (dirs: the prefix, without a trailing `*`) */
  path: string;
}

export class TaskService {
  constructor(
    private readonly db: BetterSqlite3.Database,
    private readonly ctx: EmulatorContext,
    private readonly domains: DomainDirectory,
    private readonly traffic: TrafficStore,
    private readonly clock: Clock,
    private readonly opts: ResolvedFusionOptions,
  ) {}

  /** Used today (local day) per quota. */
  usage(): { urls: number; dirs: number; prefetch: number } {
    const since = this.clock.floor(this.clock.now(), DAY_MS);
    const rows = this.db
      .prepare("SELECT kind, is_dir AS isDir, COUNT(*) AS n FROM fusion_tasks WHERE created_ms >= ? GROUP BY kind, is_dir")
      .all(since) as Array<{ kind: Kind; isDir: number; n: number }>;
    const n = (kind: Kind, isDir: number) => rows.find((r) => r.kind === kind && r.isDir === isDir)?.n ?? 0;
    return { urls: n("refresh", 0), dirs: n("refresh", 1), prefetch: n("prefetch", 0) };
  }

  private refreshQuota(): Record<string, number> {
    const used = this.usage();
    const q = this.opts.quotas;
    return {
      urlQuotaDay: q.urlRefreshPerDay,
      urlSurplusDay: Math.max(0, q.urlRefreshPerDay - used.urls),
      dirQuotaDay: q.dirRefreshPerDay,
      dirSurplusDay: Math.max(0, q.dirRefreshPerDay - used.dirs),
    };
  }

  private prefetchQuota(): Record<string, number> {
    const q = this.opts.quotas.prefetchPerDay;
    return { quotaDay: q, surplusDay: Math.max(0, q - this.usage().prefetch) };
  }

  refresh(body: Record<string, unknown>): Record<string, unknown> {
    const urls = dedupe(stringList(body, "urls"));
    const dirs = dedupe(stringList(body, "dirs"));
    const quota = () => this.refreshQuota();
    if (urls.length === 0 && dirs.length === 0) {
      throw new FusionError(FusionCode.invalidParams, "invalid params: urls and dirs are both empty", quota());
    }
    const { urlsPerRequest, dirsPerRequest } = this.opts.limits;
    if (urls.length > urlsPerRequest || dirs.length > dirsPerRequest) {
      throw new FusionError(FusionCode.tooManyInRequest, `too many in one request: at most ${urlsPerRequest} urls and ${dirsPerRequest} dirs`, quota());
    }
    const checkedUrls = this.check(urls, false);
    const checkedDirs = this.check(dirs, true);
    const invalid = [...checkedUrls.invalid, ...checkedDirs.invalid];
    if (invalid.length > 0) {
      const code = invalid.some((i) => i.code === FusionCode.invalidUrl) ? FusionCode.invalidUrl : FusionCode.invalidHost;
      throw new FusionError(code, code === FusionCode.invalidUrl ? "invalid url" : "invalid host: the domain is not one of yours", {
        invalidUrls: checkedUrls.invalid.map((i) => i.url),
        invalidDirs: checkedDirs.invalid.map((i) => i.url),
        ...quota(),
      });
    }
    const q = quota();
    if (urls.length > q.urlSurplusDay) {
      throw new FusionError(FusionCode.urlRefreshQuota, `url refresh quota exceeded: ${q.urlSurplusDay} left today`, q);
    }
    if (dirs.length > q.dirSurplusDay) {
      throw new FusionError(FusionCode.dirRefreshQuota, `dir refresh quota exceeded: ${q.dirSurplusDay} left today`, q);
    }
    const requestId = newId();
    const taskIds: Record<string, string> = {};
    this.db.transaction(() => {
      for (const u of checkedUrls.ok) {
        taskIds[u.url] = this.insert(requestId, "refresh", false, u, "success", "");
        this.traffic.evict(u.domain, u.path, false);
      }
      for (const d of checkedDirs.ok) {
        taskIds[d.url] = this.insert(requestId, "refresh", true, d, "success", "");
        this.traffic.evict(d.domain, d.path, true);
      }
    })();
    return { code: 200, error: "success", requestId, taskIds, invalidUrls: null, invalidDirs: null, ...this.refreshQuota() };
  }

  prefetch(body: Record<string, unknown>): Record<string, unknown> {
    const urls = dedupe(stringList(body, "urls"));
    const quota = () => this.prefetchQuota();
    if (urls.length === 0) throw new FusionError(FusionCode.invalidParams, "invalid params: urls is empty", quota());
    const limit = this.opts.limits.prefetchUrlsPerRequest;
    if (urls.length > limit) {
      throw new FusionError(FusionCode.tooManyInRequest, `too many in one request: at most ${limit} urls`, quota());
    }
    const checked = this.check(urls, false);
    if (checked.invalid.length > 0) {
      const code = checked.invalid.some((i) => i.code === FusionCode.invalidUrl) ? FusionCode.invalidUrl : FusionCode.invalidHost;
      throw new FusionError(code, code === FusionCode.invalidUrl ? "invalid url" : "invalid host: the domain is not one of yours", {
        invalidUrls: checked.invalid.map((i) => i.url),
        ...quota(),
      });
    }
    const q = quota();
    if (urls.length > q.surplusDay) {
      throw new FusionError(FusionCode.prefetchQuota, `prefetch quota exceeded: ${q.surplusDay} left today`, q);
    }
    const requestId = newId();
    const taskIds: Record<string, string> = {};
    this.db.transaction(() => {
      for (const u of checked.ok) {
        const exists = this.objectExists(u);
        taskIds[u.url] = this.insert(requestId, "prefetch", false, u, exists ? "success" : "failure", exists ? "" : "origin returned 404");
        if (exists) this.traffic.fill(u.domain, u.path, this.clock.now());
      }
    })();
    return { code: 200, error: "success", requestId, taskIds, invalidUrls: null, ...this.prefetchQuota() };
  }

  private objectExists(u: CheckedUrl): boolean {
    const bucket = this.domains.bucketOf(u.domain);
    if (!bucket) return false;
    try {
      return this.ctx.store.stat(bucket, decodeURIComponent(u.path.slice(1))) !== undefined;
    } catch {
      return false;
    }
  }

  private insert(requestId: string, kind: Kind, isDir: boolean, u: CheckedUrl, outcome: string, detail: string): string {
    const taskId = newId();
    this.db
      .prepare(
        `INSERT INTO fusion_tasks (task_id, request_id, kind, is_dir, url, domain, created_ms, outcome, detail)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(taskId, requestId, kind, isDir ? 1 : 0, u.url, u.domain, this.clock.now(), outcome, detail);
    return taskId;
  }

  /** Splits into valid URLs and invalid ones (400031 malformed, 400032 not our domain). */
  private check(urls: string[], dirs: boolean) {
    const ok: CheckedUrl[] = [];
    const invalid: Array<{ url: string; code: number }> = [];
    for (const url of urls) {
      const parsed = parseCdnUrl(url, dirs);
      if (!parsed) invalid.push({ url, code: FusionCode.invalidUrl });
      else if (!this.domains.isOurs(parsed.domain)) invalid.push({ url, code: FusionCode.invalidHost });
      else ok.push({ url, ...parsed });
    }
    return { ok, invalid };
  }

  /** Task list (`/v2/tune/refresh/list`, `/v2/tune/prefetch/list`); request and answer shapes in README.md. */
  list(kind: Kind, body: Record<string, unknown>): Record<string, unknown> {
    const where: string[] = ["kind = @kind"];
    const params: Record<string, unknown> = { kind, now: this.clock.now(), delay: this.opts.taskDelayMs };
    const state = "CASE WHEN created_ms + @delay <= @now THEN outcome ELSE 'processing' END";
    const requestId = optionalString(body, "requestId");
    if (requestId) {
      where.push("request_id = @requestId");
      params.requestId = requestId;
    }
    const urls = stringList(body, "urls");
    if (urls.length > 0) {
      where.push(`url IN (${urls.map((_, i) => `@u${i}`).join(", ")})`);
      urls.forEach((u, i) => (params[`u${i}`] = u));
    }
    const wanted = optionalString(body, "state");
    if (wanted) {
      if (!["processing", "success", "failure"].includes(wanted)) {
        throw new FusionError(FusionCode.invalidParams, "invalid params: state must be processing, success or failure");
      }
      where.push(`${state} = @state`);
      params.state = wanted;
    }
    const isDir = optionalString(body, "isDir");
    if (kind === "refresh" && (isDir === "yes" || isDir === "no")) where.push(`is_dir = ${isDir === "yes" ? 1 : 0}`);
    for (const [field, op] of [
      ["startTime", ">="],
      ["endTime", "<="],
    ] as const) {
      const text = optionalString(body, field);
      if (!text) continue;
      const ms = this.clock.parse(text, field === "endTime");
      if (ms === null) throw new FusionError(FusionCode.invalidParams, `invalid params: ${field} must be YYYY-MM-DD[ HH:mm:ss]`);
      where.push(`created_ms ${op} @${field}`);
      params[field] = ms;
    }
    const pageNo = optionalInt(body, "pageNo", 0, 0, 1_000_000);
    const pageSize = optionalInt(body, "pageSize", 100, 1, 1000);
    const filter = where.join(" AND ");
    const total = (this.db.prepare(`SELECT COUNT(*) AS n FROM fusion_tasks WHERE ${filter}`).get(params) as { n: number }).n;
    const rows = this.db
      .prepare(
        `SELECT task_id, request_id, url, is_dir, created_ms, detail, ${state} AS state FROM fusion_tasks
         WHERE ${filter} ORDER BY created_ms DESC, id DESC LIMIT @limit OFFSET @offset`,
      )
      .all({ ...params, limit: pageSize, offset: pageNo * pageSize }) as TaskRow[];
    const items = rows.map((r) => this.item(kind, r));
    return { code: 200, error: "", requestId: requestId ?? "", items, pageNo, pageSize, total };
  }

  private item(kind: Kind, r: TaskRow): Record<string, unknown> {
    const done = r.state !== "processing";
    const item: Record<string, unknown> = {
      taskId: r.task_id,
      requestId: r.request_id,
      url: r.url,
      state: r.state,
      progress: done ? 100 : 0,
      createAt: this.clock.point(r.created_ms),
      beginAt: this.clock.point(r.created_ms),
      endAt: done ? this.clock.point(r.created_ms + this.opts.taskDelayMs) : "",
      stateDetail: done ? r.detail : "",
    };
    if (kind === "refresh") item.isDir = r.is_dir ? "yes" : "no";
    return item;
  }
}

interface TaskRow {
  task_id: string;
  request_id: string;
  url: string;
  is_dir: number;
  created_ms: number;
  detail: string;
  state: string;
}

/**
 * A refresh/prefetch URL: absolute http(s), no credentials. Directories end with `/` or `*` (prefix match, `*` only
 * last). Returns the domain (host[:port]) and cache path, or null when malformed.
 */
export function parseCdnUrl(text: string, dir: boolean): { domain: string; path: string } | null {
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    return null;
  }
  if ((u.protocol !== "http:" && u.protocol !== "https:") || u.username || u.password || !u.hostname) return null;
  const path = u.pathname;
  const star = path.indexOf("*");
  if (dir) {
    if (u.search || u.hash) return null;
    // `dir/` or `dir/*` (Qiniu's refresh doc); a prefix such as `ban*` is not a directory.
    if (star !== -1 && (star !== path.length - 1 || !path.endsWith("/*"))) return null;
    if (!path.endsWith("/") && star === -1) return null;
    return { domain: normalizeDomain(u.host), path: star === -1 ? path : path.slice(0, -1) };
  }
  if (star !== -1) return null;
  return { domain: normalizeDomain(u.host), path: cachePath(path) };
}

function dedupe(list: string[]): string[] {
  return [...new Set(list.map((s) => s.trim()).filter(Boolean))];
}

function newId(): string {
  return randomBytes(12).toString("hex");
}

function optionalString(body: Record<string, unknown>, field: string): string | undefined {
  const v = body[field];
  if (v === undefined || v === null || v === "") return undefined;
  if (typeof v !== "string") throw new FusionError(FusionCode.invalidParams, `invalid params: ${field} must be a string`);
  return v;
}

function optionalInt(body: Record<string, unknown>, field: string, fallback: number, min: number, max: number): number {
  const v = body[field];
  if (v === undefined || v === null) return fallback;
  if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) {
    throw new FusionError(FusionCode.invalidParams, `invalid params: ${field} must be a whole number from ${min} to ${max}`);
  }
  return v;
}

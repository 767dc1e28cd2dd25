// CDN access logs (/v2/tune/log/list and the download links it hands out). One gzipped file per domain and hour, as
// Qiniu delivers them (`<domain>_<day>-<HH>_part-00000.gz`; Qiniu splits an hour past 128 MB into more parts, which
// the emulator's small logs never reach), in Qiniu's CDN log line format, built from the recorded traffic, generated on demand and cached until new
// records arrive for that day. Links carry a private-download-style token (`?e=<deadline>&token=<AK>:<sign>`,
// docs/qiniu-protocol.md §4.1) signed with the key pair that asked for the list, so only that caller can download.
import { mkdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createReadStream } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";
import { promisify } from "node:util";
import { gzip } from "node:zlib";
import { randomBytes } from "node:crypto";
import type BetterSqlite3 from "better-sqlite3";
import { hmacSha1Base64Url, safeEqual } from "@/lib/qiniu/digest";
import type { EmulatorContext } from "../types";
import type { DomainDirectory } from "./domains";
import { domainList, ensureReqId, FusionCode, FusionError } from "./http";
import type { ResolvedFusionOptions } from "./options";
import { DAY_MS, type Clock } from "./time";

const gzipAsync = promisify(gzip);
/** Qiniu keeps CDN logs for 30 days. */
export const LOG_RETENTION_DAYS = 30;
const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;

interface LogRow {
  time_ms: number;
  domain: string;
  url: string;
  method: string;
  status: number;
  bytes: number;
  ip: string;
  hit: number;
  duration_ms: number;
  referer: string | null;
  user_agent: string | null;
}

interface CachedFile {
  max_id: number;
  lines: number;
  size: number;
  mtime_ms: number;
  file: string;
}

export interface LogFileInfo {
  name: string;
  size: number;
  /** unix seconds */
  mtime: number;
  url: string;
}

/**
 * One access-log line: `ip HIT|MISS <ms> [dd/Mon/yyyy:HH:mm:ss +0800] "METHOD http://domain/path?query HTTP/1.1"
 * status bytes "referer" "user-agent"`. Quotes inside referer/UA are percent-encoded so the line stays parseable.
 */
export function formatLogLine(clock: Clock, r: LogRow): string {
  const quoted = (s: string | null) => (s ? s.replace(/"/g, "%22").replace(/[\r\n]/g, " ") : "-");
  return (
    `${r.ip} ${r.hit ? "HIT" : "MISS"} ${r.duration_ms} [${clock.logTime(r.time_ms)}] ` +
    `"${r.method} http://${r.domain}${r.url.replace(/[\s"]/g, encodeURIComponent)} HTTP/1.1" ${r.status} ${r.bytes} ` +
    `"${quoted(r.referer)}" "${quoted(r.user_agent)}"`
  );
}

export function logFileName(domain: string, day: string, hour: number): string {
  return `${domain.replace(/:/g, "-")}_${day}-${String(hour).padStart(2, "0")}_part-00000.gz`;
}

const HOUR_MS = 3_600_000;

export class LogService {
  private readonly dir: string;

  constructor(
    private readonly db: BetterSqlite3.Database,
    private readonly ctx: EmulatorContext,
    private readonly domains: DomainDirectory,
    private readonly clock: Clock,
    private readonly opts: ResolvedFusionOptions,
  ) {
    this.dir = path.join(ctx.dataDir, "fusion-logs");
  }

  async list(body: Record<string, unknown>, accessKey: string): Promise<Record<string, unknown>> {
    const day = body.day;
    if (typeof day !== "string" || !DAY_RE.test(day) || this.clock.parse(day) === null) {
      throw new FusionError(FusionCode.invalidParams, "invalid params: day must be YYYY-MM-DD");
    }
    const domains = domainList(body.domains);
    if (domains.length === 0) throw new FusionError(FusionCode.invalidParams, "invalid params: domains is empty");
    const unknown = this.domains.unknown(domains);
    if (unknown.length > 0) throw new FusionError(FusionCode.invalidHost, `invalid host: ${unknown.join(";")} is not one of your domains`);
    const secret = this.ctx.secretFor(accessKey);
    if (!secret) throw new FusionError(FusionCode.unauthorized, "bad token");
    const today = this.clock.floor(this.clock.now(), DAY_MS);
    const dayStart = this.clock.parse(day)!;
    const retained = dayStart > today - LOG_RETENTION_DAYS * DAY_MS && dayStart <= today;
    const data: Record<string, LogFileInfo[]> = {};
    for (const domain of domains) {
      const d = domain.toLowerCase();
      const files: LogFileInfo[] = [];
      for (const hour of retained ? this.hoursWithTraffic(d, dayStart) : []) {
        const file = await this.ensure(d, day, hour);
        if (file) files.push(this.describe(d, day, hour, file, { accessKey, secretKey: secret }));
      }
      data[domain] = files;
    }
    return { code: 200, error: "", data };
  }

  private hoursWithTraffic(domain: string, dayStart: number): number[] {
    const rows = this.db
      .prepare(
        `SELECT DISTINCT CAST((time_ms - @start) / ${HOUR_MS} AS INTEGER) AS h FROM fusion_traffic WHERE domain = @domain AND time_ms BETWEEN @start AND @end ORDER BY h`,
      )
      .all({ domain, start: dayStart, end: dayStart + DAY_MS - 1 }) as Array<{ h: number }>;
    return rows.map((r) => r.h);
  }

  private describe(domain: string, day: string, hour: number, f: CachedFile, creds: { accessKey: string; secretKey: string }): LogFileInfo {
    const name = logFileName(domain, day, hour);
    const deadline = Math.floor(this.clock.now() / 1000) + this.opts.logLinkTtlSeconds;
    const base = `${this.ctx.endpoints.fusion.replace(/\/+$/, "")}/logs/${encodeURIComponent(domain)}/${day}/${encodeURIComponent(name)}?e=${deadline}`;
    const url = `${base}&token=${creds.accessKey}:${hmacSha1Base64Url(creds.secretKey, base)}`;
    return { name, size: f.size, mtime: Math.floor(f.mtime_ms / 1000), url };
  }

  /** The hour's file, regenerated when records were added since it was written; undefined when there is no traffic. */
  async ensure(domain: string, day: string, hour: number): Promise<CachedFile | undefined> {
    const start = this.clock.parse(day)! + hour * HOUR_MS;
    const end = start + HOUR_MS - 1;
    const slot = `${day}-${String(hour).padStart(2, "0")}`; // the cache row's "day" column holds day and hour
    const state = this.db
      .prepare("SELECT COUNT(*) AS n, MAX(id) AS maxId FROM fusion_traffic WHERE domain = ? AND time_ms BETWEEN ? AND ?")
      .get(domain, start, end) as { n: number; maxId: number | null };
    if (state.n === 0 || state.maxId === null) return undefined;
    const cached = this.db.prepare("SELECT * FROM fusion_log_files WHERE domain = ? AND day = ?").get(domain, slot) as CachedFile | undefined;
    if (cached && cached.max_id === state.maxId && cached.lines === state.n && fileExists(cached.file)) return cached;

    // Read every row synchronously (better-sqlite3 iterators block the connection), then compress off-thread.
    const lines: string[] = [];
    for (const r of this.db
      .prepare(
        `SELECT time_ms, domain, url, method, status, bytes, ip, hit, duration_ms, referer, user_agent FROM fusion_traffic
         WHERE domain = ? AND time_ms BETWEEN ? AND ? ORDER BY time_ms, id`,
      )
      .iterate(domain, start, end) as Iterable<LogRow>) {
      lines.push(formatLogLine(this.clock, r));
    }
    const gz = await gzipAsync(Buffer.from(lines.join("\n") + "\n", "utf8"));
    const file = path.join(this.dir, safeName(domain), `${slot}.gz`);
    mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${randomBytes(6).toString("hex")}.tmp`;
    writeFileSync(tmp, gz);
    renameSync(tmp, file);
    const row: CachedFile = { max_id: state.maxId, lines: state.n, size: gz.length, mtime_ms: this.clock.now(), file };
    this.db
      .prepare(
        `INSERT OR REPLACE INTO fusion_log_files (domain, day, max_id, lines, size, mtime_ms, file)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(domain, slot, row.max_id, row.lines, row.size, row.mtime_ms, row.file);
    return row;
  }

  /** Forgets cached files of a domain (after seeding rewrote its history). */
  invalidate(domain: string): void {
    const rows = this.db.prepare("SELECT file FROM fusion_log_files WHERE domain = ?").all(domain) as Array<{ file: string }>;
    for (const r of rows) rmSync(r.file, { force: true });
    this.db.prepare("DELETE FROM fusion_log_files WHERE domain = ?").run(domain);
  }

  /** GET /logs/<domain>/<day>/<name>?e=…&token=…; answers 401 (token), 404 (no such log) or the gzip file. */
  async download(req: IncomingMessage, res: ServerResponse): Promise<void> {
    ensureReqId(res);
    const target = req.url ?? "/";
    const m = /^\/logs\/([^/?]+)\/(\d{4}-\d{2}-\d{2})\/([^/?]+)\?(.*)$/.exec(target);
    if (!m) return plain(res, 404, "no such log file");
    if (!this.tokenValid(req, target)) return plain(res, 401, "bad token");
    let domain: string;
    let name: string;
    try {
      domain = decodeURIComponent(m[1]).toLowerCase();
      name = decodeURIComponent(m[3]);
    } catch {
      return plain(res, 404, "no such log file");
    }
    const day = m[2];
    const hour = Number(/_\d{4}-\d{2}-\d{2}-(\d{2})_part-00000\.gz$/.exec(name)?.[1] ?? -1);
    if (!(hour >= 0 && hour < 24) || name !== logFileName(domain, day, hour) || this.clock.parse(day) === null) return plain(res, 404, "no such log file");
    const file = await this.ensure(domain, day, hour);
    if (!file) return plain(res, 404, "no such log file");
    res.statusCode = 200;
    res.setHeader("Content-Type", "application/gzip");
    res.setHeader("Content-Length", String(file.size));
    res.setHeader("Content-Disposition", `attachment; filename="${name}"`);
    res.setHeader("Cache-Control", "private, no-store");
    if (req.method === "HEAD") return void res.end();
    await new Promise<void>((resolve) => {
      const stream = createReadStream(file.file);
      stream.on("error", () => {
        res.destroy();
        resolve();
      });
      res.on("close", resolve);
      stream.pipe(res);
    });
  }

  private tokenValid(req: IncomingMessage, target: string): boolean {
    const i = target.lastIndexOf("&token=");
    if (i < 0) return false;
    const signedPart = target.slice(0, i);
    const [accessKey, sign] = target.slice(i + "&token=".length).split(":");
    const secret = accessKey ? this.ctx.secretFor(accessKey) : undefined;
    const e = /[?&]e=(\d+)(?:&|$)/.exec(signedPart);
    if (!secret || !sign || !e || Number(e[1]) < Math.floor(this.clock.now() / 1000)) return false;
    const bases = new Set([`http://${req.headers.host ?? ""}`, this.ctx.endpoints.fusion.replace(/\/+$/, "")]);
    return [...bases].some((b) => safeEqual(`${accessKey}:${hmacSha1Base64Url(secret, b + signedPart)}`, `${accessKey}:${sign}`));
  }
}

function plain(res: ServerResponse, status: number, error: string): void {
  const body = Buffer.from(JSON.stringify({ error }));
  res.statusCode = status;
  res.setHeader("Content-Type", "application/json");
  res.setHeader("Cache-Control", "no-store");
  res.setHeader("Content-Length", String(body.length));
  res.end(body);
}

function fileExists(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

function safeName(domain: string): string {
  return domain.replace(/[^a-z0-9.-]/gi, "_");
}

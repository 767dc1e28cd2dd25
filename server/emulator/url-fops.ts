// URL-triggered data processing on downloads, like Qiniu's: `GET /<key>?imageView2/1/w/200/h/200`, `?imageInfo`,
// `?vframe/jpg/offset/1`; private buckets sign it like any query (`?<fop>&e=…&token=…`, docs/qiniu-protocol.md §4.1).
// The steps are the pfop engine's (pfop/steps.ts via PfopEngine.runNow); results are cached on disk keyed by the
// source's hash and the command, so a page of grid thumbnails costs sharp once and later requests read a file.
// Anyone may ask a public bucket for any fop, so each run is bounded: Qiniu's size limits (pfop/image-limits.ts), a
// time budget, a cap on runs at once (two at a time on the CPU, a short queue behind them), and cancellation when
// every client that asked for it has gone.
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import type { ServerResponse } from "node:http";
import path from "node:path";
import { parseFopCommand, type Fop } from "@/lib/processing/fop-syntax";
import type { Db } from "./db";
import { digestFile } from "./hashing";
import { badRequest, QiniuHttpError } from "./http";
import { FopError } from "./pfop/errors";
import type { PfopEngine } from "./pfop/index";

/**
 * The fop command of a download query: its first `&`-separated part when that is not a `name=value` parameter
 * (`?imageView2/2/w/100&e=…&token=…`). A bare `attname` is the download parameter, not a fop.
 */
export function fopOfQuery(rawQuery: string): string | undefined {
  const first = rawQuery.split("&")[0];
  if (first === "" || first.includes("=") || first === "attname") return undefined;
  try {
    return decodeURIComponent(first).trim();
  } catch {
    throw badRequest("invalid fop: malformed percent-encoding");
  }
}

/** Parses a URL fop (chains with `|` allowed); 400 with the parser's message when it is malformed. */
export function parseUrlFop(cmd: string): Fop[] {
  const parsed = parseFopCommand(cmd);
  if (!parsed.ok) throw badRequest(`invalid fop: ${parsed.error.message}`);
  // Qiniu's URL saveas needs its own `/sign/` signature (§9); the emulator keeps persistence to pfop.
  if (parsed.value.saveas) throw badRequest("invalid fop: saveas on a download URL is not supported by the emulator, use pfop");
  return parsed.value.steps;
}

export interface ProcessedOutput {
  /** the cached file (read-only) */
  path: string;
  size: number;
  mimeType: string;
  /** Qiniu etag of the output */
  etag: string;
}

interface CacheRow {
  id: string;
  mime: string;
  size: number;
  etag: string;
  used_at: number;
}

export interface UrlFopOptions {
  engine: Pick<PfopEngine, "runNow">;
  /** Cache size limit in bytes; least recently used outputs go first. */
  maxBytes: number;
  /** A fresh temporary path on the data directory's filesystem (renames into the cache are atomic). */
  tempPath: () => string;
  now: () => number;
  log: (message: string) => void;
  /** Milliseconds a run may take, waiting for a slot included (default 30 s). */
  timeBudgetMs?: number;
  /** Runs waiting or running at once; more are refused with 503 (default 32). */
  maxPending?: number;
}

interface Run {
  promise: Promise<ProcessedOutput>;
  controller: AbortController;
  /** clients still waiting for it; at zero the run is cancelled */
  waiters: number;
}

export interface UrlFopStats {
  /** runs waiting for a slot or running */
  active: number;
  /** runs stopped because every client left */
  cancelled: number;
  /** runs stopped by the time budget */
  timedOut: number;
}

/** Aborts when the client goes away before its answer is complete. */
export function clientGone(res: ServerResponse): AbortSignal {
  const controller = new AbortController();
  res.once("close", () => {
    if (!res.writableFinished) controller.abort(new Error("the client went away"));
  });
  return controller.signal;
}

/** A hit refreshes its last-use time at most this often (one write per minute, not per thumbnail). */
const TOUCH_INTERVAL_MS = 60_000;

export class UrlFops {
  private readonly dir: string;
  private readonly inflight = new Map<string, Run>();
  private readonly counts = { cancelled: 0, timedOut: 0 };
  private readonly q;

  constructor(
    db: Db,
    dataDir: string,
    private readonly opts: UrlFopOptions,
  ) {
    this.dir = path.join(dataDir, "fop-cache");
    mkdirSync(this.dir, { recursive: true });
    db.exec(`CREATE TABLE IF NOT EXISTS url_fop_cache (
      id TEXT PRIMARY KEY,            -- sha256(source hash + "\\n" + fop command), also the file name
      mime TEXT NOT NULL,
      size INTEGER NOT NULL,
      etag TEXT NOT NULL,
      used_at INTEGER NOT NULL        -- unix ms, for least-recently-used eviction
    ) WITHOUT ROWID;
    CREATE INDEX IF NOT EXISTS url_fop_cache_by_use ON url_fop_cache (used_at);`);
    this.q = {
      get: db.prepare("SELECT * FROM url_fop_cache WHERE id = ?"),
      put: db.prepare("INSERT OR REPLACE INTO url_fop_cache (id, mime, size, etag, used_at) VALUES (@id, @mime, @size, @etag, @used_at)"),
      touch: db.prepare("UPDATE url_fop_cache SET used_at = ? WHERE id = ?"),
      del: db.prepare("DELETE FROM url_fop_cache WHERE id = ?"),
      total: db.prepare("SELECT COALESCE(SUM(size), 0) AS total FROM url_fop_cache"),
      oldest: db.prepare("SELECT id, size FROM url_fop_cache WHERE id != ? ORDER BY used_at LIMIT 50"),
      ids: db.prepare("SELECT id FROM url_fop_cache"),
    };
    this.sweep();
  }

  private fileOf(id: string): string {
    return path.join(this.dir, id.slice(0, 2), id);
  }

  /** Start-up: files without a row (a crash between rename and insert) and rows without a file are dropped. */
  private sweep(): void {
    const known = new Set((this.q.ids.all() as { id: string }[]).map((r) => r.id));
    const seen = new Set<string>();
    for (const sub of readdirSync(this.dir)) {
      const subDir = path.join(this.dir, sub);
      let names: string[];
      try {
        names = readdirSync(subDir);
      } catch {
        rmSync(subDir, { force: true });
        continue;
      }
      for (const name of names) {
        if (known.has(name)) seen.add(name);
        else rmSync(path.join(subDir, name), { recursive: true, force: true });
      }
    }
    for (const id of known) if (!seen.has(id)) this.q.del.run(id);
  }

  /** The output of `cmd` on the content at `sourcePath` (whose Qiniu hash is `sourceHash`), from the cache or made now. */
  output(sourceHash: string, sourcePath: string, cmd: string, steps: Fop[], signal?: AbortSignal): Promise<ProcessedOutput> {
    const id = createHash("sha256").update(`${sourceHash}\n${cmd}`).digest("hex");
    const cached = this.cached(id);
    if (cached) return Promise.resolve(cached);
    // Concurrent requests for the same thumbnail share one run.
    let run = this.inflight.get(id);
    if (!run) {
      if (this.inflight.size >= (this.opts.maxPending ?? 32)) {
        return Promise.reject(new QiniuHttpError(503, "too many processing requests at once, try again later"));
      }
      const controller = new AbortController();
      const created: Run = { controller, waiters: 0, promise: this.produce(id, sourcePath, steps, controller.signal) };
      created.promise = created.promise.finally(() => this.inflight.delete(id));
      this.inflight.set(id, created);
      run = created;
    }
    return this.waitFor(run, signal);
  }

  stats(): UrlFopStats {
    return { active: this.inflight.size, ...this.counts };
  }

  private waitFor(run: Run, signal?: AbortSignal): Promise<ProcessedOutput> {
    run.waiters++;
    return new Promise((resolve, reject) => {
      const leave = () => {
        if (--run.waiters === 0) run.controller.abort(new Error("every client went away"));
        reject(signal!.reason);
      };
      if (signal?.aborted) return leave();
      signal?.addEventListener("abort", leave, { once: true });
      run.promise.then(
        (out) => {
          signal?.removeEventListener("abort", leave);
          resolve(out);
        },
        (err: unknown) => {
          signal?.removeEventListener("abort", leave);
          reject(err);
        },
      );
    });
  }

  private cached(id: string): ProcessedOutput | undefined {
    const row = this.q.get.get(id) as CacheRow | undefined;
    if (!row) return undefined;
    const file = this.fileOf(id);
    let size: number;
    try {
      size = statSync(file).size;
    } catch {
      size = -1;
    }
    if (size !== row.size) {
      this.q.del.run(id);
      rmSync(file, { force: true });
      return undefined;
    }
    const now = this.opts.now();
    if (now - row.used_at > TOUCH_INTERVAL_MS) this.q.touch.run(now, id);
    return { path: file, size: row.size, mimeType: row.mime, etag: row.etag };
  }

  private async produce(id: string, sourcePath: string, steps: Fop[], cancel: AbortSignal): Promise<ProcessedOutput> {
    const budgetMs = this.opts.timeBudgetMs ?? 30_000;
    const budget = AbortSignal.timeout(budgetMs);
    const signal = AbortSignal.any([cancel, budget]);
    const temps: string[] = [];
    const tempPath = () => {
      const p = this.opts.tempPath();
      temps.push(p);
      return p;
    };
    try {
      let out;
      try {
        out = await this.opts.engine.runNow(steps, sourcePath, tempPath, { signal, seconds: Math.ceil(budgetMs / 1000) });
        signal.throwIfAborted();
      } catch (e) {
        if (e instanceof FopError) throw badRequest(e.message);
        if (cancel.aborted) {
          this.counts.cancelled++;
          throw new QiniuHttpError(499, "fop cancelled: the client went away");
        }
        // sharp's own per-operation timeout says "timeout: N% complete"
        if (budget.aborted || (e instanceof Error && e.message.startsWith("timeout"))) {
          this.counts.timedOut++;
          throw new QiniuHttpError(504, `fop timed out after ${budgetMs} ms`);
        }
        this.opts.log(`url fop ${steps.map((s) => s.name).join("|")}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
        throw new QiniuHttpError(599, "fop failed: internal error");
      }
      let produced: string;
      let mimeType: string;
      if (out.kind === "json") {
        produced = tempPath();
        mimeType = "application/json";
        await writeFile(produced, JSON.stringify(out.json));
      } else {
        ({ path: produced, mimeType } = out);
      }
      const digest = await digestFile(produced);
      const file = this.fileOf(id);
      await mkdir(path.dirname(file), { recursive: true });
      await rename(produced, file);
      const row: CacheRow = { id, mime: mimeType, size: digest.size, etag: digest.etag, used_at: this.opts.now() };
      this.q.put.run(row);
      await this.evict(id);
      return { path: file, size: row.size, mimeType, etag: row.etag };
    } finally {
      await Promise.all(temps.map((p) => rm(p, { force: true })));
    }
  }

  /** Removes least recently used outputs beyond the size limit, never the one just made (it is about to be served). */
  private async evict(keep: string): Promise<void> {
    let total = (this.q.total.get() as { total: number }).total;
    while (total > this.opts.maxBytes) {
      const victims = this.q.oldest.all(keep) as { id: string; size: number }[];
      if (victims.length === 0) return;
      for (const v of victims) {
        this.q.del.run(v.id);
        await rm(this.fileOf(v.id), { force: true });
        total -= v.size;
        if (total <= this.opts.maxBytes) return;
      }
    }
  }
}

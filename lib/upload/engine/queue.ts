// The upload queue: asks the server for tokens in batches ahead of need, runs several transfers at once (a resumable
// file weighs as many slots as it has parts in flight), and handles pause, resume, cancel, retry, token expiry, hash
// verification and recording. Framework-free; React reads it through subscribe/getSnapshot.
import { buildObjectKey } from "@/lib/upload/keys";
import { returnBodySchema } from "@/lib/upload/callback-fields";
import type { PlanProblem } from "@/lib/upload/plan";
import { QueueItem } from "./item";
import { SpeedMeter, etaSeconds } from "./speed";
import { ConfirmBatcher } from "./confirm-batcher";
import { countItems, emptyTotals } from "./totals";
import { isConflict, MAX_RENAMES, type ConflictChoice } from "./conflict";
import { partSizeFor, startTransfer } from "./qiniu-transport";
import type { TransferError } from "./transfer";
import { forgetUnfinished, matchUnfinished, rememberUnfinished } from "./resume-store";
import type { Hasher } from "./hasher";
import type { PickedFile } from "./collect-files";
import { FINISHED, type ItemTarget, type QueueSnapshot, type TokenSource, type TransportConfig, type UploadConfirmer } from "./types";

export const MAX_SLOTS = 6;
/** Files per token request: one round trip covers many files. */
export const TOKEN_BATCH = 200;
/** Tokens kept ready ahead of the running transfers. */
const TOKEN_LOOKAHEAD = 50;
/** A token this close to expiry is replaced before a transfer starts. */
const TOKEN_MARGIN_MS = 60_000;
const EMIT_INTERVAL_MS = 120;

export interface QueueDeps {
  tokens: TokenSource;
  /** Records uploads made without callback; required when `callback` is false. */
  confirm?: UploadConfirmer;
  transport: TransportConfig;
  hasher: Hasher;
  /** Tokens carry a callback to the console. */
  callback: boolean;
  start?: typeof startTransfer;
  now?: () => number;
  /** A quick local refusal (scope, size, type) so obviously refused files never wait for the server, which decides anyway. */
  precheck?: (item: { bucket: string; key: string; size: number; mimeType: string }) => PlanProblem | null;
}

export class UploadQueue {
  private items: QueueItem[] = [];
  private readonly byId = new Map<string, QueueItem>();
  private listeners = new Set<() => void>();
  private snapshot: QueueSnapshot = { items: [], totals: emptyTotals(), finished: false };
  private emitTimer: ReturnType<typeof setTimeout> | undefined;
  private fetchingTokens = false;
  private readonly totalMeter = new SpeedMeter();
  private sentBytes = 0;
  private firstStart?: number;
  private lastFinish?: number;
  private readonly confirmer: ConfirmBatcher;
  private disposed = false;
  private readonly now: () => number;
  private readonly start: typeof startTransfer;

  constructor(private readonly deps: QueueDeps) {
    this.now = deps.now ?? Date.now;
    this.start = deps.start ?? startTransfer;
    this.confirmer = new ConfirmBatcher(deps.confirm, () => this.scheduleEmit());
  }

  // ---- reading -------------------------------------------------------------------------------------------------

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): QueueSnapshot => this.snapshot;

  // ---- commands ------------------------------------------------------------------------------------------------

  /** Queues files for `target`. A file matching an unfinished upload from an earlier session continues it. */
  add(files: PickedFile[], target: ItemTarget): void {
    const liveKeys = new Set(this.items.filter((i) => !FINISHED.has(i.status)).map((i) => `${i.target.bucket}\n${this.localKey(i)}`));
    for (const { file, relativePath } of files) {
      const unfinished = matchUnfinished(file);
      // A continued upload keeps its key: its folder becomes the prefix (scope checks are per prefix), its name the path.
      const cut = unfinished ? unfinished.key.lastIndexOf("/") + 1 : 0;
      const item = unfinished
        ? new QueueItem(file, unfinished.key.slice(cut), {
            ...target,
            bucket: unfinished.bucket,
            prefix: unfinished.key.slice(0, cut),
            overwrite: unfinished.overwrite,
          })
        : new QueueItem(file, relativePath, target);
      const key = this.localKey(item);
      if (key !== undefined) {
        const id = `${item.target.bucket}\n${key}`;
        const problem = liveKeys.has(id) ? "duplicateKey" : this.deps.precheck?.({ bucket: item.target.bucket, key, size: file.size, mimeType: file.type });
        if (problem) {
          item.error = { kind: "problem", problem };
          item.key = key;
          item.set("refused");
        } else liveKeys.add(id);
      }
      this.items.push(item);
      this.byId.set(item.id, item);
    }
    this.changed();
  }

  pause(id: string): void {
    const item = this.byId.get(id);
    if (!item) return;
    if (item.status === "uploading") this.stopTransfer(item);
    if (item.status === "uploading" || item.status === "waiting" || item.status === "preparing") item.set("paused");
    this.changed();
  }

  resume(id: string): void {
    const item = this.byId.get(id);
    if (item?.status === "paused") {
      item.set("waiting");
      this.changed();
    }
  }

  cancel(id: string): void {
    const item = this.byId.get(id);
    if (!item || FINISHED.has(item.status) || item.status === "verifying") return;
    const transfer = item.transfer;
    item.generation++;
    item.transfer = undefined;
    if (transfer) void transfer.abort();
    if (item.key) forgetUnfinished(item.target.bucket, item.key, true);
    item.set("canceled");
    this.finishedOne();
    this.changed();
  }

  /**
   * Starts a failed or canceled file again. `overwrite` (the form's choice now) replaces the one it was queued with,
   * and the token is always signed afresh: the old one's policy (insertOnly) would give the same 614 again.
   */
  retry(id: string, changes: { overwrite?: boolean } = {}): void {
    const item = this.byId.get(id);
    if (!item || (item.status !== "failed" && item.status !== "canceled")) return;
    if (changes.overwrite !== undefined && changes.overwrite !== item.target.overwrite) item.target = { ...item.target, overwrite: changes.overwrite };
    item.token = undefined;
    item.error = undefined;
    item.loaded = 0;
    item.resumedBytes = 0;
    item.tokenRefreshes = 0;
    item.meter.reset();
    item.set("waiting");
    this.changed();
  }

  /** A file that failed with 614 (exists): replace the object, upload under a free name beside it, or leave it out. */
  resolveConflict(id: string, choice: ConflictChoice): void {
    const item = this.byId.get(id);
    if (!item || item.status !== "failed" || !isConflict(item.error)) return;
    if (choice === "skip") {
      item.error = undefined;
      item.set("skipped");
      this.finishedOne();
      this.changed();
      return;
    }
    if (choice === "rename") item.rename(1);
    this.retry(id, { overwrite: choice === "overwrite" });
  }

  pauseAll(): void {
    for (const i of this.items) this.pause(i.id);
  }

  resumeAll(): void {
    for (const i of this.items) this.resume(i.id);
  }

  cancelAll(): void {
    for (const i of this.items) this.cancel(i.id);
  }

  retryFailed(changes: { overwrite?: boolean } = {}): void {
    for (const i of this.items) if (i.status === "failed") this.retry(i.id, changes);
  }

  clearFinished(): void {
    this.items = this.items.filter((i) => !FINISHED.has(i.status));
    for (const id of [...this.byId.keys()]) if (!this.items.some((i) => i.id === id)) this.byId.delete(id);
    if (this.items.length === 0) {
      this.firstStart = undefined;
      this.lastFinish = undefined;
      this.sentBytes = 0;
      this.totalMeter.reset();
    }
    this.changed();
  }

  dispose(): void {
    this.disposed = true;
    for (const i of this.items) if (i.transfer) this.stopTransfer(i);
    clearTimeout(this.emitTimer);
    this.confirmer.dispose();
    this.listeners.clear();
  }

  // ---- scheduling ----------------------------------------------------------------------------------------------

  private localKey(item: QueueItem): string | undefined {
    if (item.key) return item.key;
    const built = buildObjectKey(item.target.prefix, item.relativePath);
    return built.ok ? built.key : undefined;
  }

  private cost(item: QueueItem): number {
    return item.method === "resumable" ? Math.max(1, this.deps.transport.partConcurrency) : 1;
  }

  private hasFreshToken(item: QueueItem): boolean {
    return item.token !== undefined && item.token.expiresAt - this.now() > TOKEN_MARGIN_MS;
  }

  private changed(): void {
    if (this.disposed) return;
    this.pump();
    this.scheduleEmit();
  }

  private pump(): void {
    const waiting = this.items.filter((i) => i.status === "waiting" || i.status === "preparing");
    const needTokens = waiting.filter((i) => !this.hasFreshToken(i)).slice(0, TOKEN_BATCH);
    const ready = waiting.filter((i) => this.hasFreshToken(i));
    if (!this.fetchingTokens && needTokens.length > 0 && ready.length < TOKEN_LOOKAHEAD) void this.fetchTokens(needTokens);

    let used = this.items.filter((i) => i.status === "uploading").reduce((n, i) => n + this.cost(i), 0);
    for (const item of ready) {
      const cost = this.cost(item);
      if (used > 0 && used + cost > MAX_SLOTS) break;
      used += cost;
      void this.startItem(item);
    }
  }

  private async fetchTokens(items: QueueItem[]): Promise<void> {
    this.fetchingTokens = true;
    for (const i of items) if (i.status === "waiting") i.set("preparing");
    this.scheduleEmit();
    try {
      const issued = await this.deps.tokens(items.map((i) => i.tokenRequest()));
      for (const t of issued) if (this.byId.get(t.id)?.takeToken(t) === "refused") this.finishedOne();
    } catch (err) {
      for (const i of items) {
        if (i.status !== "preparing") continue;
        i.error = { kind: "tokens", message: err instanceof Error ? err.message : String(err) };
        i.set("failed");
        this.finishedOne();
      }
    } finally {
      this.fetchingTokens = false;
      this.changed();
    }
  }

  private async startItem(item: QueueItem): Promise<void> {
    const { key, token } = item;
    if (!key || !token) return;
    item.set("uploading");
    item.error = undefined;
    item.meter.reset();
    const gen = ++item.generation;
    this.firstStart ??= this.now();
    if (item.method === "resumable") {
      rememberUnfinished({
        bucket: item.target.bucket,
        key,
        name: item.file.name,
        size: item.file.size,
        lastModified: item.file.lastModified,
        relativePath: item.relativePath,
        overwrite: item.overwriteAllowed,
      });
    }
    let last = item.loaded;
    try {
      const transfer = await this.start(
        item.transferRequest(key, token.value),
        // The bucket's own region's up host when the server named one.
        token.up ? { ...this.deps.transport, ...token.up } : this.deps.transport,
        {
          onProgress: (loaded, resumed) => {
            if (gen !== item.generation) return;
            const sent = loaded - resumed;
            const before = last - item.resumedBytes;
            if (sent > before) this.sentBytes += sent - before;
            last = loaded;
            item.loaded = loaded;
            item.resumedBytes = resumed;
            const t = this.now();
            item.meter.sample(t, sent);
            this.totalMeter.sample(t, this.sentBytes);
            item.touch();
            this.scheduleEmit();
          },
          onComplete: (response) => {
            if (gen !== item.generation) return;
            void this.completeItem(item, response);
          },
          onError: (error) => {
            if (gen !== item.generation) return;
            this.failItem(item, error);
          },
        },
      );
      if (gen !== item.generation) transfer.stop();
      else item.transfer = transfer;
    } catch (err) {
      this.failItem(item, { code: -1, message: err instanceof Error ? err.message : String(err) });
    }
  }

  private stopTransfer(item: QueueItem): void {
    item.generation++;
    item.transfer?.stop();
    item.transfer = undefined;
    // A form upload starts over; a resumable one keeps its parts.
    if (item.method === "form") item.loaded = 0;
    item.meter.reset();
  }

  private failItem(item: QueueItem, error: TransferError): void {
    item.transfer = undefined;
    item.generation++;
    // Expired token (a long pause, a slow link): fetch a new one and continue from the parts already sent.
    if (error.code === 401 && item.tokenRefreshes < 2) {
      item.tokenRefreshes++;
      item.token = undefined;
      item.set("waiting");
      this.changed();
      return;
    }
    // "Keep both": that name is taken too, try the next one.
    if (error.code === 614 && item.renames > 0 && item.renames < MAX_RENAMES) {
      item.rename(item.renames + 1);
      item.token = undefined;
      item.set("waiting");
      this.changed();
      return;
    }
    item.error = { kind: "upload", code: error.code, message: error.message, reqId: error.reqId };
    item.set("failed");
    this.finishedOne();
    this.changed();
  }

  private async completeItem(item: QueueItem, response: unknown): Promise<void> {
    item.transfer = undefined;
    const parsed = returnBodySchema.safeParse(response);
    item.result = parsed.success ? parsed.data : { key: item.key ?? "", hash: "" };
    if (item.key) forgetUnfinished(item.target.bucket, item.key);
    item.set("verifying");
    if (this.deps.callback) item.recording = item.result.recorded ? { state: "callback" } : { state: "failed", message: "no callback result" };
    else this.confirmer.add(item);
    this.changed();
    item.hash = { state: "pending" };
    // Hashed after the transfer, not during it: on a small machine the two would compete for the same cores
    // (bench/upload). The hashing itself runs in Web Workers.
    item.localHash ??= this.deps.hasher.etag(item.file, item.method === "resumable" ? partSizeFor(item.file.size, this.deps.transport.chunkSizeMb) : null);
    try {
      const local = await item.localHash;
      const remote = item.result.hash;
      item.hash = local === remote ? { state: "match", local } : { state: "mismatch", local, remote };
    } catch (err) {
      item.hash = { state: "error", message: err instanceof Error ? err.message : String(err) };
    }
    if (item.status === "verifying") item.set("done");
    this.finishedOne();
    this.changed();
  }

  private finishedOne(): void {
    this.lastFinish = this.now();
  }

  // ---- snapshots -----------------------------------------------------------------------------------------------

  private scheduleEmit(): void {
    if (this.emitTimer !== undefined || this.disposed) return;
    this.emitTimer = setTimeout(() => {
      this.emitTimer = undefined;
      this.emit();
      // Keep speeds and time left moving while transfers run, even between progress events.
      if (this.items.some((i) => i.status === "uploading")) this.scheduleEmit();
    }, EMIT_INTERVAL_MS);
  }

  /** Builds the snapshot now and notifies (tests call this instead of waiting for the timer). */
  emit(): void {
    const now = this.now();
    const items = this.items.map((i) => i.snapshot(now));
    const totals = countItems(items);
    totals.speed = totals.active > 0 ? this.totalMeter.speed(now) : 0;
    totals.eta = totals.active > 0 ? etaSeconds(totals.bytes - totals.loaded, totals.speed) : null;
    const finished = items.length > 0 && totals.finished === items.length;
    totals.elapsedMs = this.firstStart === undefined ? 0 : (finished && this.lastFinish ? this.lastFinish : now) - this.firstStart;
    this.snapshot = { items, totals, finished };
    for (const l of this.listeners) l();
  }
}

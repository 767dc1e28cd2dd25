// One queued file: its mutable state while it moves through the queue, and the immutable snapshot React renders.
import { SpeedMeter, etaSeconds } from "./speed";
import { isResumable } from "./qiniu-transport";
import type { Transfer } from "./qiniu-transport";
import type { HashCheck, ItemError, ItemSnapshot, ItemStatus, ItemTarget, Recording } from "./types";
import type { UploadResult } from "@/lib/upload/callback-fields";
import type { UpHost } from "@/lib/upload/token-contract";

let counter = 0;

export class QueueItem {
  readonly id = `f${++counter}-${Math.random().toString(36).slice(2, 8)}`;
  readonly meter = new SpeedMeter();
  status: ItemStatus = "waiting";
  key?: string;
  token?: { value: string; expiresAt: number; up?: UpHost };
  transfer?: Transfer;
  /** Bumped on every start/stop so late events from a stopped transfer are ignored. */
  generation = 0;
  loaded = 0;
  resumedBytes = 0;
  error?: ItemError;
  result?: UploadResult;
  hash?: HashCheck;
  localHash?: Promise<string>;
  recording?: Recording;
  existed = false;
  refreshUrl?: string;
  overwriteDenied = false;
  overwriteAllowed = false;
  tokenRefreshes = 0;
  private cached?: ItemSnapshot;
  private dirty = true;

  constructor(
    readonly file: File,
    public relativePath: string,
    public target: ItemTarget,
  ) {}

  get method(): "form" | "resumable" {
    return isResumable(this.file.size) ? "resumable" : "form";
  }

  get mimeType(): string {
    return this.file.type;
  }

  touch(): void {
    this.dirty = true;
  }

  set(status: ItemStatus): void {
    this.status = status;
    this.dirty = true;
  }

  snapshot(now: number): ItemSnapshot {
    // Uploading items change with the clock (speed decays when stalled), so they are always rebuilt.
    if (!this.dirty && this.cached && this.status !== "uploading") return this.cached;
    const speed = this.status === "uploading" ? this.meter.speed(now) : 0;
    this.cached = {
      id: this.id,
      name: this.file.name,
      relativePath: this.relativePath,
      size: this.file.size,
      mimeType: this.file.type,
      target: this.target,
      key: this.key,
      status: this.status,
      method: this.method,
      loaded: this.status === "done" || this.status === "verifying" ? this.file.size : this.loaded,
      resumedBytes: this.resumedBytes,
      speed,
      eta: this.status === "uploading" ? etaSeconds(this.file.size - this.loaded, speed) : null,
      error: this.error,
      result: this.result,
      hash: this.hash,
      recording: this.recording,
      replaced: this.existed && this.overwriteAllowed && (this.status === "done" || this.status === "verifying"),
      refreshUrl: this.refreshUrl,
      overwriteDenied: this.overwriteDenied,
      persistentId: this.result?.persistentId || undefined,
    };
    this.dirty = false;
    return this.cached;
  }
}

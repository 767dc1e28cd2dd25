// One queued file: its mutable state while it moves through the queue, and the immutable snapshot React renders.
import { SpeedMeter, etaSeconds } from "./speed";
import { isResumable } from "./qiniu-transport";
import type { Transfer, TransferRequest } from "./transfer";
import type { IssuedToken, TokenRequestFile } from "@/lib/upload/token-contract";
import { CUSTOM_VAR_RELATIVE_PATH } from "@/lib/upload/callback-fields";
import { prefixedMetadata } from "@/lib/upload/metadata";
import { renamedPath } from "./conflict";
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
  /** The path as picked; relativePath gets ` (n)` when the user keeps both on a name conflict. */
  readonly pickedPath: string;
  /** Free-name tries so far under "keep both" (0 = not renaming). */
  renames = 0;
  private cached?: ItemSnapshot;
  private dirty = true;

  constructor(
    readonly file: File,
    public relativePath: string,
    public target: ItemTarget,
  ) {
    this.pickedPath = relativePath;
  }

  get method(): "form" | "resumable" {
    return isResumable(this.file.size) ? "resumable" : "form";
  }

  get mimeType(): string {
    return this.file.type;
  }

  /** "Keep both" on a name conflict: the n-th free-name try; the server plans the key again from the new path. */
  rename(n: number): void {
    this.renames = n;
    this.relativePath = renamedPath(this.pickedPath, n);
    this.key = undefined;
  }

  /** The file as the token action takes it. */
  tokenRequest(): TokenRequestFile {
    const { target } = this;
    return {
      id: this.id,
      bucket: target.bucket,
      prefix: target.prefix,
      relativePath: this.relativePath,
      size: this.file.size,
      mimeType: this.file.type,
      overwrite: target.overwrite,
      ...(target.preset ? { preset: target.preset } : {}),
      ...(target.fileType ? { fileType: target.fileType } : {}),
    };
  }

  /** Takes the server's answer for this file; "refused" when the server will not sign one (the item is then finished). */
  takeToken(t: IssuedToken): "ready" | "refused" | "ignored" {
    if (!t.ok) {
      if (this.status !== "preparing" && this.status !== "waiting") return "ignored";
      this.key = t.key;
      this.error = { kind: "problem", problem: t.problem };
      this.set("refused");
      return "refused";
    }
    this.key = t.key;
    this.token = { value: t.token, expiresAt: t.expiresAt, up: t.up };
    this.overwriteAllowed = t.overwrite;
    this.overwriteDenied = t.overwriteDenied;
    this.existed = t.existed ?? false;
    this.refreshUrl = t.refreshUrl;
    if (this.status === "preparing") this.set("waiting");
    this.touch();
    return "ready";
  }

  /** What the transport sends: the relative path as a custom variable (for the records), metadata as Qiniu names it. */
  transferRequest(key: string, token: string): TransferRequest {
    const { metadata } = this.target;
    return {
      file: this.file,
      key,
      token,
      mimeType: this.file.type || "application/octet-stream",
      customVars: { [CUSTOM_VAR_RELATIVE_PATH]: this.relativePath },
      ...(metadata ? { metadata: prefixedMetadata(metadata) } : {}),
    };
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

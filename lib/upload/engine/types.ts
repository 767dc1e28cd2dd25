// Shapes shared by the upload queue, its transport and the React components. Browser-only code, no React here.
import type { PlanProblem } from "@/lib/upload/plan";
import type { PresetId } from "@/lib/upload/presets";
import type { StorageClass } from "@/lib/buckets/storage-class";
import type { UploadResult } from "@/lib/upload/callback-fields";

export type ItemStatus = "waiting" | "preparing" | "uploading" | "paused" | "verifying" | "done" | "failed" | "canceled" | "refused" | "skipped";

export const FINISHED: ReadonlySet<ItemStatus> = new Set(["done", "failed", "canceled", "refused", "skipped"]);

/** Where an item goes; captured when it is added, so changing the form later does not move queued files. */
export interface ItemTarget {
  bucket: string;
  prefix: string;
  overwrite: boolean;
  preset?: PresetId;
  /** Storage class asked for (the token carries it). */
  fileType?: StorageClass;
  /** Custom metadata, names without `x-qn-meta-` (checked by lib/upload/metadata.ts). */
  metadata?: Record<string, string>;
}

/** A failure, as a translation key with values, or a refusal found before upload. */
export type ItemError =
  | { kind: "problem"; problem: PlanProblem | "duplicateKey" }
  | { kind: "upload"; code: number; message: string; reqId?: string }
  | { kind: "tokens"; message: string };

export type HashCheck =
  { state: "pending" } | { state: "match"; local: string } | { state: "mismatch"; local: string; remote: string } | { state: "error"; message: string };

export type Recording = { state: "callback" } | { state: "confirmed" } | { state: "failed"; message: string };

export interface ItemSnapshot {
  id: string;
  name: string;
  relativePath: string;
  size: number;
  mimeType: string;
  target: ItemTarget;
  /** Known once the server has planned the upload (or from a resume record). */
  key?: string;
  status: ItemStatus;
  method: "form" | "resumable";
  loaded: number;
  /** Bytes of parts taken from a previous session (not sent again). */
  resumedBytes: number;
  /** Bytes per second, smoothed; 0 when idle. */
  speed: number;
  /** Seconds left at the current speed, or null. */
  eta: number | null;
  error?: ItemError;
  result?: UploadResult;
  hash?: HashCheck;
  recording?: Recording;
  /** The key existed and this upload replaced it (offer CDN refresh). */
  replaced: boolean;
  /** The replaced object's URL on its download domain (for the CDN refresh offer). */
  refreshUrl?: string;
  overwriteDenied: boolean;
  persistentId?: string;
}

export interface QueueTotals {
  files: number;
  finished: number;
  done: number;
  failed: number;
  canceled: number;
  refused: number;
  /** Left out on a name conflict (the existing object kept). */
  skipped: number;
  active: number;
  paused: number;
  bytes: number;
  loaded: number;
  speed: number;
  eta: number | null;
  mismatches: number;
  /** Wall time from the first start to the last finish (or now). */
  elapsedMs: number;
}

export interface QueueSnapshot {
  items: readonly ItemSnapshot[];
  totals: QueueTotals;
  /** True when every item has finished and at least one exists. */
  finished: boolean;
}

export type { IssuedToken, TokenRequestFile } from "@/lib/upload/token-contract";
import type { IssuedToken, TokenRequestFile } from "@/lib/upload/token-contract";

/** Injected into the queue: the server action, wrapped to throw a plain Error with a user-facing message. */
export type TokenSource = (files: TokenRequestFile[]) => Promise<IssuedToken[]>;

/** Injected: records uploads done without callback (the server checks them with Qiniu). */
export type UploadConfirmer = (
  uploads: { bucket: string; key: string; hash: string; persistentId?: string; relativePath: string }[],
) => Promise<{ key: string; ok: boolean; message?: string }[]>;

export type { TransportConfig } from "@/lib/upload/transport-config";

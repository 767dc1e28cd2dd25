// What the page sends to the token action and what it gets back, per file. Shared by both sides.
import type { PlanProblem } from "./plan";
import type { PresetId } from "./presets";
import type { StorageClass } from "@/lib/buckets/storage-class";

/** Where one bucket's uploads go: host[:port] without scheme, and the scheme. */
export interface UpHost {
  uphost: string;
  upprotocol: "http" | "https";
  /** The region's other up hosts (host[:port], same scheme), in order: tried when `uphost` fails, as Qiniu's SDKs do. */
  backups?: string[];
}

export interface TokenRequestFile {
  /** The page's id for the file; echoed back. */
  id: string;
  bucket: string;
  prefix: string;
  relativePath: string;
  size: number;
  mimeType: string;
  overwrite: boolean;
  preset?: PresetId;
  /** Storage class (put policy fileType); the server signs exactly this into the token. */
  fileType?: StorageClass;
}

export type IssuedToken =
  | {
      id: string;
      ok: true;
      key: string;
      token: string;
      /** Epoch milliseconds. */
      expiresAt: number;
      overwrite: boolean;
      overwriteDenied: boolean;
      /** Only checked for overwrite uploads: the key held an object before (its CDN copies may be stale). */
      existed?: boolean;
      /** For an existing object that will be replaced: its URL on the bucket's download domain, to refresh on the CDN. */
      refreshUrl?: string;
      presetOutput?: string;
      /** The up hosts of the bucket's region (the browser uploads there, not to the configured default). */
      up?: UpHost;
    }
  | { id: string; ok: false; problem: PlanProblem; key?: string };

/** Files per token request (the action refuses more). */
export const MAX_TOKENS_PER_REQUEST = 500;

// Upload limits by role. They go into every token (fsizeLimit, mimeLimit) so Qiniu enforces them; the page checks them
// first only to explain a refusal before any byte is sent. Pure: shared by the page and the token action.
import type { Role } from "@/lib/permissions";

export interface UploadLimits {
  /** Largest file in bytes; becomes the token's fsizeLimit (Qiniu answers 413 above it). */
  maxFileBytes: number;
  /** Allowed MIME types, Qiniu `mimeLimit` syntax (`image/*;video/*`); `undefined` = any type. */
  mimeLimit?: string;
}

const GiB = 1024 ** 3;

/** Roles without `upload.write` (ops, viewer) get no tokens at all; these apply to those that have it. */
export const ROLE_UPLOAD_LIMITS: Record<Role, UploadLimits> = {
  admin: { maxFileBytes: 1024 * GiB },
  // Editors publish site and media assets: no programs or archives of unknown content.
  editor: {
    maxFileBytes: 5 * GiB,
    mimeLimit: "image/*;video/*;audio/*;text/*;font/*;application/pdf;application/json;application/xml;application/javascript;application/octet-stream",
  },
  ops: { maxFileBytes: 100 * 1024 ** 2, mimeLimit: "text/*;image/*;application/json;application/javascript" },
  viewer: { maxFileBytes: 0, mimeLimit: "" },
};

/** Does `mime` match one pattern of a Qiniu mimeLimit list (`type/*` wildcards, case-insensitive)? */
export function mimeAllowed(mimeLimit: string | undefined, mime: string): boolean {
  if (mimeLimit === undefined) return true;
  const m = mime.trim().toLowerCase();
  return mimeLimit
    .split(";")
    .map((p) => p.trim().toLowerCase())
    .filter(Boolean)
    .some((p) => (p.endsWith("/*") ? m.startsWith(p.slice(0, -1)) : p === m));
}

export type LimitProblem = "tooLarge" | "mimeNotAllowed";

/** Why a file cannot be uploaded under these limits, or null. An unknown browser type counts as octet-stream. */
export function checkLimits(limits: UploadLimits, file: { size: number; mimeType: string }): LimitProblem | null {
  if (file.size > limits.maxFileBytes) return "tooLarge";
  if (!mimeAllowed(limits.mimeLimit, effectiveMimeType(file.mimeType))) return "mimeNotAllowed";
  return null;
}

/** Browsers report "" for unknown types; Qiniu then stores application/octet-stream. */
export function effectiveMimeType(browserType: string): string {
  return browserType.trim() === "" ? "application/octet-stream" : browserType.trim().toLowerCase();
}

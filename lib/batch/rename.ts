// Target keys for copy, move and rename. Pure: the page previews with the same code the server plans with.
import { MAX_KEY_BYTES } from "@/lib/qiniu/entry";
import type { KeyPattern } from "./spec";

/** Why an item cannot be planned; such items are skipped, never sent. */
export type PlanSkipReason = "no_match" | "same_as_source" | "invalid_target" | "no_target" | "duplicate_target" | "forbidden";

export type TargetKeyResult = { ok: true; key: string } | { ok: false; reason: PlanSkipReason };

const encoder = new TextEncoder();

/** Applies a pattern to one source key. `explicitTarget` is the item's own target (pattern "explicit"). */
export function targetKeyFor(sourceKey: string, pattern: KeyPattern, explicitTarget?: string): TargetKeyResult {
  const key = rawTarget(sourceKey, pattern, explicitTarget);
  if (key === undefined) return { ok: false, reason: pattern.kind === "explicit" ? "no_target" : "no_match" };
  if (key.length === 0 || encoder.encode(key).length > MAX_KEY_BYTES) return { ok: false, reason: "invalid_target" };
  return { ok: true, key };
}

function rawTarget(sourceKey: string, pattern: KeyPattern, explicitTarget?: string): string | undefined {
  switch (pattern.kind) {
    case "same":
      return sourceKey;
    case "prefix":
      return sourceKey.startsWith(pattern.from) ? pattern.to + sourceKey.slice(pattern.from.length) : undefined;
    case "replace":
      return sourceKey.includes(pattern.find) ? sourceKey.split(pattern.find).join(pattern.replace) : undefined;
    case "suffix":
      return pattern.beforeExtension ? insertBeforeExtension(sourceKey, pattern.suffix) : sourceKey + pattern.suffix;
    case "explicit":
      return explicitTarget === undefined || explicitTarget === "" ? undefined : explicitTarget;
  }
}

/** `a/photo.jpg` + `-old` → `a/photo-old.jpg`; the extension is the last `.` of the file name, not of a folder or a dot-file. */
export function insertBeforeExtension(key: string, suffix: string): string {
  const nameStart = key.lastIndexOf("/") + 1;
  const dot = key.lastIndexOf(".");
  if (dot <= nameStart) return key + suffix;
  return key.slice(0, dot) + suffix + key.slice(dot);
}

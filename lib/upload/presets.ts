// Processing presets a user can attach to an upload: a subset of the Processing page's presets (lib/processing/presets.ts),
// run by Qiniu after the upload as the token's persistentOps. Outputs land next to the source, so a prefix-scoped
// user's outputs stay inside their scope. Pure: the page lists them, the token plan turns the chosen one into fops.
import { PFOP_PRESETS, presetCommand, presetOutputKey as pfopOutputKey, type MediaKind } from "@/lib/processing/presets";

export const PRESET_IDS = ["thumbnail", "webp", "frame", "mp4720p"] as const;
export type PresetId = (typeof PRESET_IDS)[number];

function kindOfMime(mimeType: string): MediaKind | undefined {
  const top = mimeType.trim().toLowerCase().split("/")[0];
  return top === "image" || top === "video" || top === "audio" ? top : undefined;
}

/** Whether the preset makes sense for a file of this type; others in the same upload get no processing. */
export function presetApplies(id: PresetId, mimeType: string): boolean {
  const kind = kindOfMime(mimeType);
  return kind !== undefined && PFOP_PRESETS[id].kinds.includes(kind);
}

/** The key a preset writes for `key`. */
export function presetOutputKey(id: PresetId, key: string): string {
  return pfopOutputKey(id, key);
}

/** `persistentOps` for one upload: the preset's fop saved as `<key><suffix>` in the same bucket. */
export function presetPersistentOps(id: PresetId, bucket: string, key: string): string {
  return presetCommand(id, bucket, key);
}

// Ready-made fops for the Processing page. Each saves its output next to the source (`<key><suffix>`), so a
// prefix-scoped user's outputs stay inside their scope. Pure: the page lists them, the submit action expands them.
import { encodedEntry } from "@/lib/qiniu/entry";

export const PFOP_PRESET_IDS = ["thumbnail", "webp", "square", "frame", "mp4720p", "webm480p", "mp3", "imageInfo", "avinfo"] as const;
export type PfopPresetId = (typeof PFOP_PRESET_IDS)[number];

export type MediaKind = "image" | "video" | "audio";

export interface PfopPreset {
  id: PfopPresetId;
  /** sources it makes sense for */
  kinds: readonly MediaKind[];
  fop: string;
  suffix: string;
}

export const PFOP_PRESETS: Record<PfopPresetId, PfopPreset> = {
  thumbnail: { id: "thumbnail", kinds: ["image"], fop: "imageView2/2/w/320/h/320/format/webp/q/80", suffix: "-thumb320.webp" },
  webp: { id: "webp", kinds: ["image"], fop: "imageMogr2/auto-orient/format/webp/quality/80", suffix: ".webp" },
  square: { id: "square", kinds: ["image"], fop: "imageView2/1/w/200/h/200/format/jpg/q/85", suffix: "-200x200.jpg" },
  frame: { id: "frame", kinds: ["video"], fop: "vframe/jpg/offset/1/w/640", suffix: "-frame1s.jpg" },
  mp4720p: { id: "mp4720p", kinds: ["video"], fop: "avthumb/mp4/s/1280x720/autoscale/1/vb/2m/ab/128k", suffix: "-720p.mp4" },
  webm480p: { id: "webm480p", kinds: ["video"], fop: "avthumb/webm/s/854x480/autoscale/1/vb/1m", suffix: "-480p.webm" },
  mp3: { id: "mp3", kinds: ["video", "audio"], fop: "avthumb/mp3/ab/128k", suffix: ".mp3" },
  imageInfo: { id: "imageInfo", kinds: ["image"], fop: "imageInfo", suffix: ".imageinfo.json" },
  avinfo: { id: "avinfo", kinds: ["video", "audio"], fop: "avinfo", suffix: ".avinfo.json" },
};

export function presetOutputKey(id: PfopPresetId, key: string): string {
  return key + PFOP_PRESETS[id].suffix;
}

/** The full fop command of a preset for bucket:key: `<fop>|saveas/<Entry of bucket:key+suffix>`. */
export function presetCommand(id: PfopPresetId, bucket: string, key: string): string {
  return `${PFOP_PRESETS[id].fop}|saveas/${encodedEntry(bucket, presetOutputKey(id, key))}`;
}

/** Media kind guessed from a key's extension, for suggesting presets (the user may still pick any). */
export function mediaKindOfKey(key: string): MediaKind | undefined {
  const ext = /\.([a-z0-9]+)$/i.exec(key)?.[1]?.toLowerCase() ?? "";
  if (["jpg", "jpeg", "png", "gif", "webp", "bmp", "tif", "tiff", "avif", "heic"].includes(ext)) return "image";
  if (["mp4", "mov", "webm", "mkv", "avi", "flv", "m4v", "ts", "3gp", "wmv"].includes(ext)) return "video";
  if (["mp3", "m4a", "aac", "wav", "ogg", "oga", "flac", "opus", "amr"].includes(ext)) return "audio";
  return undefined;
}

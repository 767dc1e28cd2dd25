// Parsed forms of the persistent fops the emulator runs and the console validates (docs/qiniu-protocol.md §9).
// Pure and browser-safe: the Processing page reuses these types and the parser for live validation.

export const IMAGE_FORMATS = ["jpg", "png", "webp", "gif", "tiff", "avif"] as const;
export type ImageFormat = (typeof IMAGE_FORMATS)[number];

export const FRAME_FORMATS = ["jpg", "png"] as const;
export type FrameFormat = (typeof FRAME_FORMATS)[number];

export const AV_FORMATS = ["mp4", "webm", "mp3", "m4a", "ogg"] as const;
export type AvFormat = (typeof AV_FORMATS)[number];

export const GRAVITIES = ["NorthWest", "North", "NorthEast", "West", "Center", "East", "SouthWest", "South", "SouthEast"] as const;
export type Gravity = (typeof GRAVITIES)[number];

export interface ImageView2Fop {
  name: "imageView2";
  mode: 0 | 1 | 2 | 3 | 4 | 5;
  w?: number;
  h?: number;
  format?: ImageFormat;
  q?: number;
  interlace?: boolean;
}

/** imageMogr2 thumbnail forms (https://developer.qiniu.com/dora/1270/the-advanced-treatment-of-images-imagemogr2). */
export type ThumbnailSpec =
  | { kind: "percent"; percent: number; axis: "both" | "x" | "y" }
  | { kind: "width"; w: number }
  | { kind: "height"; h: number }
  | { kind: "fit"; w: number; h: number; only?: "shrink" | "enlarge" }
  | { kind: "fill"; w: number; h: number }
  | { kind: "exact"; w: number; h: number }
  | { kind: "area"; area: number };

export interface CropSpec {
  w?: number;
  h?: number;
  dx: number;
  dy: number;
  gravity: Gravity;
}

export type MogrOp =
  { op: "auto-orient" } | { op: "strip" } | { op: "thumbnail"; spec: ThumbnailSpec } | { op: "crop"; spec: CropSpec } | { op: "rotate"; degrees: number };

export interface ImageMogr2Fop {
  name: "imageMogr2";
  ops: MogrOp[];
  format?: ImageFormat;
  quality?: number;
  interlace?: boolean;
}

export interface ImageInfoFop {
  name: "imageInfo";
}

export interface VframeFop {
  name: "vframe";
  format: FrameFormat;
  /** seconds */
  offset: number;
  w?: number;
  h?: number;
  rotate?: 90 | 180 | 270;
}

export interface AvthumbFop {
  name: "avthumb";
  format: AvFormat;
  /** output size; with autoscale the video fits inside it keeping its aspect ratio */
  size?: { w: number; h: number };
  autoscale?: boolean;
  /** bits per second */
  videoBitrate?: number;
  audioBitrate?: number;
  frameRate?: number;
  sampleRate?: number;
  /** seconds */
  start?: number;
  duration?: number;
  noAudio?: boolean;
  noVideo?: boolean;
  videoCodec?: string;
  audioCodec?: string;
}

export interface AvinfoFop {
  name: "avinfo";
}

export type Fop = ImageView2Fop | ImageMogr2Fop | ImageInfoFop | VframeFop | AvthumbFop | AvinfoFop;
export type FopName = Fop["name"];
export const FOP_NAMES: readonly FopName[] = ["imageView2", "imageMogr2", "imageInfo", "vframe", "avthumb", "avinfo"];

/** One fop command of a `fops` list: a chain of steps (`a|b`), optionally ending in `|saveas/<Entry>`. */
export interface FopCommand {
  /** the command exactly as submitted (prefop's `cmd`) */
  cmd: string;
  steps: Fop[];
  saveas?: { entry: string; bucket: string; key?: string };
}

export type FopErrorCode = "empty" | "tooMany" | "unknownFop" | "missingArg" | "badArg" | "unknownParam" | "duplicateParam" | "badChain" | "badSaveas";

export interface FopSyntaxError {
  code: FopErrorCode;
  fop?: string;
  param?: string;
  value?: string;
  /** what would have been valid, language-neutral (e.g. `1-9999`, `jpg, png`) */
  expected?: string;
  /** English sentence; the console translates from the fields above */
  message: string;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: FopSyntaxError };

// What kind of file an object is, from its MIME type and (when the type is generic) its name. Drives icons and previews.

export type FileKind = "folder" | "image" | "video" | "audio" | "pdf" | "json" | "text" | "code" | "archive" | "other";
export type PreviewKind = "image" | "video" | "audio" | "pdf" | "json" | "text" | "none";

const BY_EXTENSION: Record<string, FileKind> = {
  jpg: "image",
  jpeg: "image",
  png: "image",
  gif: "image",
  webp: "image",
  avif: "image",
  bmp: "image",
  svg: "image",
  ico: "image",
  heic: "image",
  mp4: "video",
  webm: "video",
  mov: "video",
  m4v: "video",
  mkv: "video",
  avi: "video",
  flv: "video",
  m3u8: "video",
  ts: "video",
  mp3: "audio",
  wav: "audio",
  ogg: "audio",
  oga: "audio",
  m4a: "audio",
  aac: "audio",
  flac: "audio",
  opus: "audio",
  pdf: "pdf",
  json: "json",
  geojson: "json",
  map: "json",
  txt: "text",
  md: "text",
  csv: "text",
  tsv: "text",
  log: "text",
  ini: "text",
  conf: "text",
  yaml: "text",
  yml: "text",
  xml: "text",
  srt: "text",
  vtt: "text",
  js: "code",
  mjs: "code",
  cjs: "code",
  jsx: "code",
  tsx: "code",
  css: "code",
  html: "code",
  htm: "code",
  py: "code",
  go: "code",
  rs: "code",
  java: "code",
  sh: "code",
  sql: "code",
  zip: "archive",
  gz: "archive",
  tgz: "archive",
  tar: "archive",
  bz2: "archive",
  xz: "archive",
  "7z": "archive",
  rar: "archive",
  zst: "archive",
};

const GENERIC_MIME = new Set(["", "application/octet-stream", "binary/octet-stream", "application/x-www-form-urlencoded"]);

function kindFromMime(mime: string): FileKind | undefined {
  if (GENERIC_MIME.has(mime)) return undefined;
  if (mime.startsWith("image/")) return "image";
  if (mime.startsWith("video/") || mime === "application/vnd.apple.mpegurl" || mime === "application/x-mpegurl") return "video";
  if (mime.startsWith("audio/")) return "audio";
  if (mime === "application/pdf") return "pdf";
  if (mime === "application/json" || mime.endsWith("+json")) return "json";
  if (mime === "text/javascript" || mime === "application/javascript" || mime === "text/css" || mime === "text/html") return "code";
  if (mime.startsWith("text/") || mime === "application/xml" || mime.endsWith("+xml") || mime === "application/yaml") return "text";
  if (/zip|tar|gzip|compress|rar|7z|bzip|xz|zstd/.test(mime)) return "archive";
  return undefined;
}

/** The extension after the last '.' of the last path segment, lower-case; '' when there is none. */
export function extensionOf(key: string): string {
  const name = key.slice(key.lastIndexOf("/") + 1);
  const dot = name.lastIndexOf(".");
  return dot <= 0 ? "" : name.slice(dot + 1).toLowerCase();
}

export function fileKind(key: string, mimeType: string | undefined): FileKind {
  const mime = (mimeType ?? "").split(";")[0].trim().toLowerCase();
  return kindFromMime(mime) ?? BY_EXTENSION[extensionOf(key)] ?? "other";
}

export const KIND_ICONS: Record<FileKind, string> = {
  folder: "📁",
  image: "🖼️",
  video: "🎬",
  audio: "🎵",
  pdf: "📕",
  json: "🧾",
  text: "📄",
  code: "📝",
  archive: "🗜️",
  other: "📦",
};

/** Largest object whose start we show as text; bigger ones show their first TEXT_PREVIEW_BYTES. */
export const TEXT_PREVIEW_BYTES = 256 * 1024;

export function previewKind(key: string, mimeType: string | undefined): PreviewKind {
  const kind = fileKind(key, mimeType);
  switch (kind) {
    case "image":
    case "video":
    case "audio":
    case "json":
    case "text":
      return kind;
    case "code":
      return "text";
    // Shown in a frame, which renders whatever type the download host answers with: only a stored PDF type may go
    // there (a generic type would only download, and no other type is ever framed).
    case "pdf":
      return mimeType?.split(";")[0].trim().toLowerCase() === "application/pdf" ? "pdf" : "none";
    default:
      return "none";
  }
}

/** Raster formats imageView2 can make thumbnails of (svg and icons are shown as they are). */
export function canThumbnail(key: string, mimeType: string | undefined): boolean {
  if (fileKind(key, mimeType) !== "image") return false;
  const ext = extensionOf(key);
  const mime = (mimeType ?? "").toLowerCase();
  return !(ext === "svg" || ext === "ico" || mime.includes("svg") || mime.includes("icon"));
}

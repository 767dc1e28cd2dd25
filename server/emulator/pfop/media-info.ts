// Reads the stream summary ffmpeg prints for `ffmpeg -i <file>` into an ffprobe-like JSON (Qiniu's avinfo answers
// in ffprobe's shape: numbers as strings, `streams` and `format`). Pure: tested against captured logs.

export interface AvStream {
  index: number;
  codec_name: string;
  profile?: string;
  codec_type: "video" | "audio" | "subtitle" | "data" | "attachment";
  width?: number;
  height?: number;
  pix_fmt?: string;
  display_aspect_ratio?: string;
  r_frame_rate?: string;
  sample_rate?: string;
  channels?: number;
  channel_layout?: string;
  sample_fmt?: string;
  bit_rate?: string;
  tags?: Record<string, string>;
}

export interface AvFormatInfo {
  nb_streams: number;
  format_name: string;
  duration?: string;
  start_time?: string;
  bit_rate?: string;
  size: string;
  tags?: Record<string, string>;
}

export interface AvInfo {
  streams: AvStream[];
  format: AvFormatInfo;
}

/** Splits at commas that are not inside parentheses: `yuv420p(tv, bt709), 1280x720` → two parts. */
function topLevelParts(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = "";
  for (const ch of text) {
    if (ch === "(") depth++;
    if (ch === ")") depth = Math.max(0, depth - 1);
    if (ch === "," && depth === 0) {
      parts.push(current.trim());
      current = "";
    } else current += ch;
  }
  if (current.trim()) parts.push(current.trim());
  return parts;
}

const CHANNELS: Record<string, number> = { mono: 1, stereo: 2, "2.1": 3, "3.0": 3, quad: 4, "4.0": 4, "5.0": 5, "5.1": 6, "6.1": 7, "7.1": 8 };

// Dispositions ffmpeg appends to a stream line, e.g. `… 69 kb/s (default)`.
const DISPOSITIONS =
  /(\s\((default|forced|dub|original|comment|lyrics|karaoke|hearing impaired|visual impaired|clean effects|attached pic|timed thumbnails)\))+$/;

function parseStream(index: number, type: string, description: string): AvStream {
  const parts = topLevelParts(description.replace(DISPOSITIONS, ""));
  const codecPart = parts.shift() ?? "";
  const codecName = codecPart.split(" ")[0];
  const profile = /^\S+ \(([^)/]+)\)/.exec(codecPart)?.[1];
  const stream: AvStream = { index, codec_name: codecName, codec_type: type.toLowerCase() as AvStream["codec_type"] };
  if (profile) stream.profile = profile;
  for (const part of parts) {
    let m: RegExpExecArray | null;
    if ((m = /^(\d+) kb\/s/.exec(part))) stream.bit_rate = String(Number(m[1]) * 1000);
    else if (type === "Video" && (m = /^(\d+)x(\d+)(?: \[SAR [\d:]+ DAR ([\d:]+)\])?/.exec(part))) {
      stream.width = Number(m[1]);
      stream.height = Number(m[2]);
      if (m[3]) stream.display_aspect_ratio = m[3];
    } else if (type === "Video" && (m = /^([\d.]+)k? fps$/.exec(part))) stream.r_frame_rate = fps(m[1], part.includes("k fps"));
    else if (type === "Video" && !stream.pix_fmt && stream.width === undefined && /^[a-z0-9_]+(\(.*\))?$/.test(part)) stream.pix_fmt = part.split("(")[0];
    else if (type === "Audio" && (m = /^(\d+) Hz$/.exec(part))) stream.sample_rate = m[1];
    else if (type === "Audio" && (m = /^(mono|stereo|[\d.]+(?:\(\w+\))?|(\d+) channels(?: \(.*\))?)$/.exec(part))) {
      stream.channel_layout = m[2] ? `${m[2]} channels` : m[1].replace(/\(.*\)/, "");
      stream.channels = m[2] ? Number(m[2]) : (CHANNELS[stream.channel_layout] ?? 0);
    } else if (type === "Audio" && stream.channels !== undefined && !stream.sample_fmt && /^[a-z0-9]+p?$/.test(part)) stream.sample_fmt = part;
  }
  return stream;
}

function fps(value: string, thousands: boolean): string {
  const n = Number(value) * (thousands ? 1000 : 1);
  if (Number.isInteger(n)) return `${n}/1`;
  // ffmpeg prints 29.97 for 30000/1001; keep a rational with three decimals
  return `${Math.round(n * 1000)}/1000`;
}

function seconds(hms: string): string {
  const [h, m, s] = hms.split(":").map(Number);
  return (h * 3600 + m * 60 + s).toFixed(6);
}

/**
 * Parses `ffmpeg -i` output. Returns undefined when ffmpeg did not recognise the input as media.
 * `size` is the file size in bytes (ffmpeg does not print it).
 */
export function parseMediaInfo(stderr: string, size: number): AvInfo | undefined {
  const lines = stderr.split("\n");
  const inputLine = lines.findIndex((l) => l.startsWith("Input #0, "));
  if (inputLine < 0) return undefined;
  const formatName = /^Input #0, (.*), from '/.exec(lines[inputLine])?.[1] ?? "unknown";
  const format: AvFormatInfo = { nb_streams: 0, format_name: formatName, size: String(size) };
  const streams: AvStream[] = [];
  let tags: Record<string, string> | undefined;
  for (const line of lines.slice(inputLine + 1)) {
    if (!line.startsWith("  ")) break; // end of the input section
    let m: RegExpExecArray | null;
    if ((m = /^\s+Duration: ([\d:.]+|N\/A)(?:, start: (-?[\d.]+))?, bitrate: (\d+|N\/A)/.exec(line))) {
      if (m[1] !== "N/A") format.duration = seconds(m[1]);
      if (m[2]) format.start_time = m[2];
      if (m[3] !== "N/A") format.bit_rate = String(Number(m[3]) * 1000);
      tags = undefined;
    } else if ((m = /^\s+Stream #0:(\d+)(?:\[\w+\])?(?:\((\w+)\))?: (Video|Audio|Subtitle|Data|Attachment): (.*)$/.exec(line))) {
      const stream = parseStream(Number(m[1]), m[3], m[4]);
      if (m[2] && m[2] !== "und") stream.tags = { language: m[2] };
      streams.push(stream);
      tags = undefined;
    } else if (/^\s+Metadata:\s*$/.test(line)) {
      const owner = streams[streams.length - 1] ?? format;
      owner.tags ??= {};
      tags = owner.tags;
    } else if (tags && (m = /^\s+([^:]+?)\s*: (.*)$/.exec(line))) {
      tags[m[1]] = m[2];
    }
  }
  format.nb_streams = streams.length;
  return { streams, format };
}

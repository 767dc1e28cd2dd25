// Audio/video fops with ffmpeg: vframe (a frame as jpg/png), avthumb (transcode to mp4/webm/mp3/m4a/ogg), avinfo.
import { stat } from "node:fs/promises";
import type { AvFormat, AvthumbFop, VframeFop } from "@/lib/processing/fop-syntax";
import { FopError } from "./errors";
import { ffmpegError, runFfmpeg } from "./ffmpeg";
import { parseMediaInfo, type AvInfo } from "./media-info";

export interface FfmpegOptions {
  binary?: string;
  timeoutMs: number;
  signal?: AbortSignal;
}

/** Media facts from `ffmpeg -i` (ffprobe is not shipped with the npm binary). */
export async function probe(input: string, opts: FfmpegOptions): Promise<AvInfo> {
  const { size } = await stat(input);
  const { stderr } = await runFfmpeg(["-i", input], opts);
  const info = parseMediaInfo(stderr, size);
  if (!info || info.streams.length === 0) throw new FopError("not a valid media");
  return info;
}

const hasType = (info: AvInfo, type: "video" | "audio") => info.streams.some((s) => s.codec_type === type);

async function assertOutput(out: string, stderr: string, what: string): Promise<void> {
  const size = await stat(out).then(
    (s) => s.size,
    () => 0,
  );
  if (size === 0) throw new FopError(`${what}: ${ffmpegError(stderr)}`);
}

export async function runVframe(fop: VframeFop, input: string, out: string, opts: FfmpegOptions): Promise<void> {
  const info = await probe(input, opts);
  if (!hasType(info, "video")) throw new FopError("not a valid video: the source has no video stream");
  const duration = Number(info.format.duration ?? "NaN");
  if (Number.isFinite(duration) && fop.offset >= duration) {
    throw new FopError(`offset ${fop.offset}s is beyond the end of the video (${duration.toFixed(2)}s)`);
  }
  const filters: string[] = [];
  if (fop.w !== undefined || fop.h !== undefined) filters.push(`scale=${fop.w ?? -1}:${fop.h ?? -1}`);
  if (fop.rotate === 90) filters.push("transpose=1");
  if (fop.rotate === 270) filters.push("transpose=2");
  if (fop.rotate === 180) filters.push("hflip,vflip");
  const codec = fop.format === "png" ? ["-c:v", "png"] : ["-c:v", "mjpeg", "-q:v", "2", "-pix_fmt", "yuvj420p"];
  const args = ["-ss", String(fop.offset), "-i", input, "-frames:v", "1", "-an"];
  if (filters.length) args.push("-vf", filters.join(","));
  args.push(...codec, "-f", "image2", "-y", out);
  const { code, stderr } = await runFfmpeg(args, opts);
  if (code !== 0) throw new FopError(`vframe failed: ${ffmpegError(stderr)}`);
  await assertOutput(out, stderr, `no frame at offset ${fop.offset}s`);
}

const MUXERS: Record<AvFormat, string> = { mp4: "mp4", webm: "webm", mp3: "mp3", m4a: "ipod", ogg: "ogg" };
const DEFAULT_VIDEO: Partial<Record<AvFormat, string>> = { mp4: "libx264", webm: "libvpx" };
const DEFAULT_AUDIO: Record<AvFormat, string> = { mp4: "aac", webm: "libvorbis", mp3: "libmp3lame", m4a: "aac", ogg: "libvorbis" };

function videoArgs(fop: AvthumbFop): string[] {
  const codec = fop.videoCodec ?? DEFAULT_VIDEO[fop.format]!;
  const args = ["-c:v", codec];
  if (codec === "libx264") args.push("-preset", "veryfast", "-pix_fmt", "yuv420p");
  // libvpx defaults to a 256 kb/s target; realtime keeps the emulator quick on small machines
  else args.push("-deadline", "realtime", "-cpu-used", "8", ...(codec === "libvpx-vp9" ? ["-row-mt", "1"] : []));
  if (fop.videoBitrate) args.push("-b:v", String(fop.videoBitrate));
  else if (codec !== "libx264") args.push("-b:v", "1M");
  if (fop.frameRate) args.push("-r", String(fop.frameRate));
  const filters: string[] = [];
  if (fop.size) {
    const even = (n: number) => n - (n % 2);
    filters.push(
      fop.autoscale ? `scale=${fop.size.w}:${fop.size.h}:force_original_aspect_ratio=decrease` : `scale=${even(fop.size.w)}:${even(fop.size.h)},setsar=1`,
    );
  }
  // H.264 in yuv420p needs even dimensions
  filters.push("scale=trunc(iw/2)*2:trunc(ih/2)*2");
  args.push("-vf", filters.join(","));
  return args;
}

function audioArgs(fop: AvthumbFop): string[] {
  const args = ["-c:a", fop.audioCodec ?? DEFAULT_AUDIO[fop.format]];
  if (fop.audioBitrate) args.push("-b:a", String(fop.audioBitrate));
  if (fop.sampleRate) args.push("-ar", String(fop.sampleRate));
  return args;
}

export async function runAvthumb(fop: AvthumbFop, input: string, out: string, opts: FfmpegOptions): Promise<void> {
  const info = await probe(input, opts);
  const video = hasType(info, "video") && !fop.noVideo;
  const audio = hasType(info, "audio") && !fop.noAudio;
  if (!video && !audio) {
    throw new FopError(fop.noVideo ? "the source has no audio stream" : "the source has no audio or video stream to transcode");
  }
  const args: string[] = [];
  if (fop.start !== undefined) args.push("-ss", String(fop.start));
  args.push("-i", input);
  if (fop.duration !== undefined) args.push("-t", String(fop.duration));
  args.push("-map_metadata", "-1", "-threads", "2");
  args.push(...(video ? ["-map", "0:v:0", ...videoArgs(fop)] : ["-vn"]));
  args.push(...(audio ? ["-map", "0:a:0", ...audioArgs(fop)] : ["-an"]));
  if (fop.format === "mp4" || fop.format === "m4a") args.push("-movflags", "+faststart");
  args.push("-f", MUXERS[fop.format], "-y", out);
  const { code, stderr } = await runFfmpeg(args, opts);
  if (code !== 0) throw new FopError(`avthumb failed: ${ffmpegError(stderr)}`);
  await assertOutput(out, stderr, "avthumb produced no output");
}

import { bitrate, fail, flag, int, oneOf, readPairs, seconds } from "./params";
import { AV_FORMATS, FRAME_FORMATS, type AvFormat, type AvinfoFop, type AvthumbFop, type VframeFop } from "./types";

/** `vframe/<jpg|png>/offset/<seconds>/w/<w>/h/<h>/rotate/<90|180|270>` */
export function parseVframe(args: string[]): VframeFop {
  const fop = "vframe";
  if (args.length === 0) fail("missingArg", { fop, param: "format", expected: FRAME_FORMATS.join(", ") }, `${fop}: the output format (jpg or png) is missing`);
  const format = oneOf(fop, "format", args[0], FRAME_FORMATS);
  const pairs = readPairs(fop, args.slice(1), ["offset", "w", "h", "rotate"]);
  const offset = pairs.get("offset");
  if (offset === undefined) fail("missingArg", { fop, param: "offset" }, `${fop}: "offset" (seconds into the video) is required`);
  const out: VframeFop = { name: fop, format, offset: seconds(fop, "offset", offset) };
  const w = pairs.get("w");
  const h = pairs.get("h");
  const rotate = pairs.get("rotate");
  if (w !== undefined) out.w = int(fop, "w", w, 1, 3840);
  if (h !== undefined) out.h = int(fop, "h", h, 1, 3840);
  if (rotate !== undefined) out.rotate = Number(oneOf(fop, "rotate", rotate, ["90", "180", "270"])) as 90 | 180 | 270;
  return out;
}

export const VIDEO_CODECS: Record<AvFormat, readonly string[]> = {
  mp4: ["libx264"],
  webm: ["libvpx", "libvpx-vp9"],
  mp3: [],
  m4a: [],
  ogg: [],
};
export const AUDIO_CODECS: Record<AvFormat, readonly string[]> = {
  mp4: ["aac", "libmp3lame"],
  webm: ["libvorbis", "libopus"],
  mp3: ["libmp3lame"],
  m4a: ["aac"],
  ogg: ["libvorbis", "libopus"],
};
const AUDIO_ONLY: readonly AvFormat[] = ["mp3", "m4a", "ogg"];

/** `avthumb/<format>/s/<WxH>/autoscale/1/vb/<rate>/ab/<rate>/r/<fps>/ar/<Hz>/ss/<s>/t/<s>/an/1/vn/1/vcodec/<c>/acodec/<c>` */
export function parseAvthumb(args: string[]): AvthumbFop {
  const fop = "avthumb";
  if (args.length === 0) fail("missingArg", { fop, param: "format", expected: AV_FORMATS.join(", ") }, `${fop}: the output format is missing`);
  const format = oneOf(fop, "format", args[0], AV_FORMATS);
  const names = ["s", "autoscale", "vb", "ab", "r", "ar", "ss", "t", "an", "vn", "vcodec", "acodec"];
  const p = readPairs(fop, args.slice(1), names);
  const out: AvthumbFop = { name: fop, format };
  const s = p.get("s");
  if (s !== undefined) {
    const m = /^(\d+)x(\d+)$/.exec(s);
    if (!m) fail("badArg", { fop, param: "s", value: s, expected: "640x360" }, `${fop}: "s" must look like 1280x720 (got "${s}")`);
    out.size = { w: int(fop, "s", m[1], 16, 3840), h: int(fop, "s", m[2], 16, 3840) };
  }
  const get = <T>(name: string, read: (v: string) => T) => {
    const v = p.get(name);
    return v === undefined ? undefined : read(v);
  };
  out.autoscale = get("autoscale", (v) => flag(fop, "autoscale", v));
  out.videoBitrate = get("vb", (v) => bitrate(fop, "vb", v));
  out.audioBitrate = get("ab", (v) => bitrate(fop, "ab", v));
  out.frameRate = get("r", (v) => int(fop, "r", v, 1, 60));
  out.sampleRate = get("ar", (v) => int(fop, "ar", v, 8000, 96000));
  out.start = get("ss", (v) => seconds(fop, "ss", v));
  out.duration = get("t", (v) => seconds(fop, "t", v));
  out.noAudio = get("an", (v) => flag(fop, "an", v));
  out.noVideo = get("vn", (v) => flag(fop, "vn", v)) || AUDIO_ONLY.includes(format) || undefined;
  out.videoCodec = get("vcodec", (v) => oneOf(fop, "vcodec", v, VIDEO_CODECS[format]));
  out.audioCodec = get("acodec", (v) => oneOf(fop, "acodec", v, AUDIO_CODECS[format]));
  if (out.noAudio && out.noVideo) fail("badArg", { fop, param: "an", value: "1" }, `${fop}: the output would have neither audio nor video`);
  if (out.duration === 0) fail("badArg", { fop, param: "t", value: "0" }, `${fop}: "t" must be more than 0 seconds`);
  for (const k of Object.keys(out) as (keyof AvthumbFop)[]) if (out[k] === undefined) delete out[k];
  return out;
}

export function parseAvinfo(args: string[]): AvinfoFop {
  if (args.length > 0) fail("unknownParam", { fop: "avinfo", param: args[0] }, `avinfo takes no parameters (got "${args[0]}")`);
  return { name: "avinfo" };
}

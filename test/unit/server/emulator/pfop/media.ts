// Tiny real inputs for the pfop tests: an image with four coloured quadrants and a one-second video with sound.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import sharp from "sharp";
import { ffmpegPath } from "@/server/emulator/pfop/ffmpeg";

const run = promisify(execFile);

export const RED = { r: 255, g: 0, b: 0 };
export const GREEN = { r: 0, g: 255, b: 0 };
export const BLUE = { r: 0, g: 0, b: 255 };
export const YELLOW = { r: 255, g: 255, b: 0 };

/** PNG/JPEG of w×h: red top-left, green top-right, blue bottom-left, yellow bottom-right. */
export async function quadrantImage(file: string, w: number, h: number, format: "png" | "jpeg" = "png"): Promise<void> {
  const data = Buffer.alloc(w * h * 3);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const c = y < h / 2 ? (x < w / 2 ? RED : GREEN) : x < w / 2 ? BLUE : YELLOW;
      data.set([c.r, c.g, c.b], (y * w + x) * 3);
    }
  }
  const img = sharp(data, { raw: { width: w, height: h, channels: 3 } });
  await (format === "png" ? img.png() : img.jpeg({ quality: 95 })).toFile(file);
}

/** 1 s, 160×120 at 10 fps (H.264) with a 440 Hz tone (AAC), in MP4. */
export async function testVideo(file: string): Promise<void> {
  await run(ffmpegPath(), [
    "-hide_banner",
    "-nostdin",
    "-y",
    "-f",
    "lavfi",
    "-i",
    "testsrc=duration=1:size=160x120:rate=10",
    "-f",
    "lavfi",
    "-i",
    "sine=frequency=440:duration=1",
    "-c:v",
    "libx264",
    "-preset",
    "ultrafast",
    "-pix_fmt",
    "yuv420p",
    "-c:a",
    "aac",
    "-shortest",
    file,
  ]);
}

/** Average colour of a region of an image file. */
export async function colourAt(file: string, left: number, top: number, width = 4, height = 4): Promise<{ r: number; g: number; b: number }> {
  // stats() would describe the whole input, so read the extracted pixels instead
  const { data, info } = await sharp(file).extract({ left, top, width, height }).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const sum = [0, 0, 0];
  for (let i = 0; i < data.length; i += info.channels) for (let c = 0; c < 3; c++) sum[c] += data[i + c];
  const n = data.length / info.channels;
  return { r: Math.round(sum[0] / n), g: Math.round(sum[1] / n), b: Math.round(sum[2] / n) };
}

export function near(a: { r: number; g: number; b: number }, b: { r: number; g: number; b: number }, tolerance = 40): boolean {
  return Math.abs(a.r - b.r) <= tolerance && Math.abs(a.g - b.g) <= tolerance && Math.abs(a.b - b.b) <= tolerance;
}

// Demo media for --seed: images drawn with sharp (from SVG, no fonts needed) and a short video made with the ffmpeg
// binary from @ffmpeg-installer/ffmpeg. Generated once into a cache directory shared by all data directories.
import { existsSync, mkdirSync } from "node:fs";
import { rename, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { runFfmpeg } from "./pfop/ffmpeg";

const CACHE_VERSION = "v1";

export function seedCacheDir(configured?: string): string {
  const dir = configured ?? path.join(os.tmpdir(), `qiniu-emulator-seed-${CACHE_VERSION}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

function sceneSvg(w: number, h: number, sky: [string, string], hills: string[], sun?: string): string {
  const layers = hills
    .map((color, i) => {
      const base = h * (0.55 + i * 0.12);
      const pts = Array.from({ length: 9 }, (_, k) => `${(k * w) / 8},${base - Math.sin(k * 1.3 + i * 2) * h * 0.08}`).join(" ");
      return `<polygon points="0,${h} ${pts} ${w},${h}" fill="${color}"/>`;
    })
    .join("");
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}">
    <defs><linearGradient id="s" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${sky[0]}"/><stop offset="1" stop-color="${sky[1]}"/></linearGradient></defs>
    <rect width="${w}" height="${h}" fill="url(#s)"/>${sun ? `<circle cx="${w * 0.7}" cy="${h * 0.35}" r="${h * 0.12}" fill="${sun}"/>` : ""}${layers}</svg>`;
}

function logoSvg(size: number, color: string): string {
  const r = size / 2;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}">
    <circle cx="${r}" cy="${r}" r="${r * 0.92}" fill="${color}"/>
    <circle cx="${r}" cy="${r}" r="${r * 0.55}" fill="none" stroke="#fff" stroke-width="${size / 14}"/>
    <rect x="${r * 1.2}" y="${r * 1.2}" width="${r * 0.5}" height="${size / 14}" transform="rotate(45 ${r * 1.45} ${r * 1.25})" fill="#fff"/></svg>`;
}

export interface SeedImage {
  file: string;
  svg: string;
  format: "jpeg" | "png" | "webp";
}

export const SEED_IMAGES: SeedImage[] = [
  { file: "sunrise.jpg", svg: sceneSvg(1280, 720, ["#ffb347", "#ffcc99"], ["#6b8e23", "#556b2f", "#2f4f2f"], "#fff5cc"), format: "jpeg" },
  { file: "mountains.png", svg: sceneSvg(960, 540, ["#87ceeb", "#e0f6ff"], ["#8fa3b8", "#5d7085", "#34495e"]), format: "png" },
  { file: "night.jpg", svg: sceneSvg(800, 600, ["#0b1d3a", "#2c3e66"], ["#1b2a41", "#0f1a2b"], "#f4f1c9"), format: "jpeg" },
  { file: "lake.webp", svg: sceneSvg(1024, 768, ["#a1c4fd", "#c2e9fb"], ["#4ca1af", "#2c3e50"]), format: "webp" },
  { file: "logo.png", svg: logoSvg(256, "#1e80ff"), format: "png" },
  { file: "logo-small.png", svg: logoSvg(64, "#1e80ff"), format: "png" },
  { file: "avatar.png", svg: logoSvg(200, "#ff7043"), format: "png" },
];

async function atomically(target: string, make: (tmp: string) => Promise<void>): Promise<void> {
  if (existsSync(target)) return;
  const tmp = `${target}.${process.pid}.${Date.now()}.tmp`;
  try {
    await make(tmp);
    await rename(tmp, target);
  } finally {
    await rm(tmp, { force: true });
  }
}

/** Makes (or reuses) every demo image; returns file name → path. */
export async function ensureImages(cacheDir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const img of SEED_IMAGES) {
    const target = path.join(cacheDir, img.file);
    await atomically(target, async (tmp) => {
      await sharp(Buffer.from(img.svg)).toFormat(img.format, { quality: 82 }).toFile(tmp);
    });
    out.set(img.file, target);
  }
  return out;
}

/** A 4-second 320x240 H.264/AAC test video; undefined when ffmpeg cannot run here. */
export async function ensureVideo(cacheDir: string, log: (m: string) => void): Promise<string | undefined> {
  const target = path.join(cacheDir, "intro.mp4");
  try {
    await atomically(target, async (tmp) => {
      const { code, stderr } = await runFfmpeg(
        [
          "-f",
          "lavfi",
          "-i",
          "testsrc=duration=4:size=320x240:rate=15",
          "-f",
          "lavfi",
          "-i",
          "sine=frequency=440:duration=4",
          "-c:v",
          "libx264",
          "-preset",
          "veryfast",
          "-pix_fmt",
          "yuv420p",
          "-c:a",
          "aac",
          "-b:a",
          "64k",
          "-shortest",
          "-movflags",
          "+faststart",
          "-f",
          "mp4",
          "-y",
          tmp,
        ],
        { timeoutMs: 60_000 },
      );
      if (code !== 0) throw new Error(stderr.split("\n").slice(-3).join(" "));
    });
    return target;
  } catch (err) {
    log(`seed: could not make the demo video with ffmpeg (${(err as Error).message}); skipping it`);
    return undefined;
  }
}

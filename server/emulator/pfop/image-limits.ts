// Qiniu's documented bounds of image processing (imageView2 / imageMogr2, https://developer.qiniu.com/dora/12720):
// synchronous (download URL) processing reads sources up to 20 MB, at most 30000 px a side and 150 million pixels,
// and makes results up to 9999 px a side and 25 million pixels; persistent (pfop) processing reads up to 512 MB and
// makes up to 14999 px a side and 60 million pixels. Checked before sharp decodes or allocates anything, so a
// `thumbnail/!1000p/rotate/44` is a 400 at once, not gigabytes of pixels.
import { stat } from "node:fs/promises";
import { FopError } from "./errors";

export type Size = { w: number; h: number };

export interface ImageLimits {
  maxSourceBytes: number;
  maxSourceSide: number;
  maxSourcePixels: number;
  maxOutputSide: number;
  maxOutputPixels: number;
}

export const SYNC_IMAGE_LIMITS: ImageLimits = {
  maxSourceBytes: 20 * 1024 * 1024,
  maxSourceSide: 30_000,
  maxSourcePixels: 150_000_000,
  maxOutputSide: 9999,
  maxOutputPixels: 25_000_000,
};

export const PERSISTENT_IMAGE_LIMITS: ImageLimits = {
  maxSourceBytes: 512 * 1024 * 1024,
  maxSourceSide: 30_000,
  maxSourcePixels: 150_000_000,
  maxOutputSide: 14_999,
  maxOutputPixels: 60_000_000,
};

/** What one image step may use: its size limits, seconds per sharp operation, and the caller's cancellation. */
export interface ImageBudget {
  limits: ImageLimits;
  seconds: number;
  signal?: AbortSignal;
}

export async function checkSourceFile(path: string, limits: ImageLimits): Promise<void> {
  const { size } = await stat(path);
  if (size > limits.maxSourceBytes) {
    throw new FopError(`image too large: the source is ${size} bytes, processing accepts up to ${limits.maxSourceBytes}`);
  }
}

export function checkSourceSize(size: Size, limits: ImageLimits): void {
  if (size.w > limits.maxSourceSide || size.h > limits.maxSourceSide || size.w * size.h > limits.maxSourcePixels) {
    throw new FopError(
      `image too large: the source is ${size.w}x${size.h}, processing accepts up to ${limits.maxSourceSide} px a side and ${limits.maxSourcePixels} pixels`,
    );
  }
}

/** Returns `size` when a result of that size may be made. */
export function checkOutputSize(size: Size, limits: ImageLimits): Size {
  if (size.w > limits.maxOutputSide || size.h > limits.maxOutputSide || size.w * size.h > limits.maxOutputPixels) {
    throw new FopError(
      `image too large: the result would be ${size.w}x${size.h}, at most ${limits.maxOutputSide} px a side and ${limits.maxOutputPixels} pixels are made`,
    );
  }
  return size;
}

/** The bounding box of a rotation by `degrees` (what sharp makes: the whole rotated image on a background). */
export function rotatedSize(size: Size, degrees: number): Size {
  const rad = (degrees * Math.PI) / 180;
  const cos = Math.abs(Math.cos(rad));
  const sin = Math.abs(Math.sin(rad));
  // round away float noise first, so 90° gives exactly h×w
  const edge = (v: number) => Math.ceil(Math.round(v * 1e6) / 1e6);
  return { w: edge(size.w * cos + size.h * sin), h: edge(size.w * sin + size.h * cos) };
}

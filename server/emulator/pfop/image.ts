// Image fops with sharp: imageView2 (modes 0-5), imageMogr2 (thumbnail, crop, rotate, format, quality), imageInfo.
// Sizes follow https://developer.qiniu.com/dora/1279/basic-processing-images-imageview2 and
// https://developer.qiniu.com/dora/1270/the-advanced-treatment-of-images-imagemogr2.
// Every step is bounded before sharp runs it (image-limits.ts): the sizes it reads and makes, a time budget, and
// the caller's signal between operations.
import sharp, { type Metadata, type Sharp } from "sharp";
import type { CropSpec, ImageFormat, ImageMogr2Fop, ImageView2Fop, ThumbnailSpec } from "@/lib/processing/fop-syntax";
import { FopError } from "./errors";
import { checkOutputSize, checkSourceFile, checkSourceSize, rotatedSize, type ImageBudget, type Size } from "./image-limits";

const WRITABLE: Record<string, ImageFormat> = { jpeg: "jpg", jpg: "jpg", png: "png", webp: "webp", gif: "gif", tiff: "tiff", heif: "avif", avif: "avif" };

async function open(path: string, budget: ImageBudget): Promise<{ image: Sharp; size: Size; format: ImageFormat }> {
  await checkSourceFile(path, budget.limits);
  let opened;
  try {
    // autoOrient: Qiniu reports and scales the displayed orientation
    const image = sharp(path, { animated: false, limitInputPixels: budget.limits.maxSourcePixels }).autoOrient();
    const meta = await image.metadata();
    const w = meta.autoOrient?.width ?? meta.width;
    const h = meta.autoOrient?.height ?? meta.height;
    if (!w || !h) throw new Error("no size");
    opened = { image, size: { w, h }, format: WRITABLE[meta.format ?? ""] ?? "png" };
  } catch {
    throw new FopError("not a valid image");
  }
  checkSourceSize(opened.size, budget.limits);
  return opened;
}

/** Materialises the pipeline so far, so the next geometric operation sees its result (sharp reorders otherwise). */
async function flatten(image: Sharp, budget: ImageBudget): Promise<{ image: Sharp; size: Size }> {
  budget.signal?.throwIfAborted();
  const { data, info } = await image.timeout({ seconds: budget.seconds }).raw().toBuffer({ resolveWithObject: true });
  budget.signal?.throwIfAborted();
  return {
    image: sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } }),
    size: { w: info.width, h: info.height },
  };
}

async function write(image: Sharp, out: string, budget: ImageBudget, format: ImageFormat, quality?: number, interlace?: boolean): Promise<void> {
  budget.signal?.throwIfAborted();
  const q = quality ?? 85;
  const encoded =
    format === "jpg"
      ? image.jpeg({ quality: q, progressive: interlace ?? false })
      : format === "png"
        ? image.png({ progressive: interlace ?? false })
        : format === "webp"
          ? image.webp({ quality: q })
          : format === "gif"
            ? image.gif()
            : format === "tiff"
              ? image.tiff({ quality: q })
              : image.avif({ quality: q });
  await encoded.timeout({ seconds: budget.seconds }).toFile(out);
}

const scaled = (s: Size, f: number): Size => ({ w: Math.max(1, Math.round(s.w * f)), h: Math.max(1, Math.round(s.h * f)) });

/** Scale factor and optional centred crop box for an imageView2 mode; never enlarges (Qiniu returns the original size). */
export function imageView2Plan(src: Size, fop: Pick<ImageView2Fop, "mode" | "w" | "h">): { size: Size; crop?: Size } {
  const { mode } = fop;
  const landscape = src.w >= src.h;
  const long = Math.max(src.w, src.h);
  const short = Math.min(src.w, src.h);
  if (fop.w === undefined && fop.h === undefined) return { size: src };
  // modes 1 and 3 treat a single given value as both (a square box)
  const bw = fop.w ?? (mode === 1 || mode === 3 ? fop.h! : undefined);
  const bh = fop.h ?? (mode === 1 || mode === 3 ? fop.w! : undefined);
  const ratios = (a: number | undefined, of: number) => (a === undefined ? undefined : a / of);
  let f: number;
  let crop: Size | undefined;
  switch (mode) {
    case 0: // long edge ≤ w, short edge ≤ h
      f = Math.min(ratios(fop.w, long) ?? Infinity, ratios(fop.h, short) ?? Infinity);
      break;
    case 2: // width ≤ w, height ≤ h
      f = Math.min(ratios(fop.w, src.w) ?? Infinity, ratios(fop.h, src.h) ?? Infinity);
      break;
    case 1: // cover w×h, then centre-crop to it
      f = Math.max(bw! / src.w, bh! / src.h);
      crop = { w: bw!, h: bh! };
      break;
    case 3: // width ≥ w, height ≥ h
      f = Math.max(bw! / src.w, bh! / src.h);
      break;
    case 4: // long edge ≥ w, short edge ≥ h
      f = Math.max(ratios(fop.w, long) ?? 0, ratios(fop.h, short) ?? 0);
      break;
    case 5: {
      // long edge ≥ w, short edge ≥ h, then centre-crop to long×short in the image's orientation
      const le = fop.w ?? fop.h!;
      const se = fop.h ?? fop.w!;
      f = Math.max(le / long, se / short);
      crop = landscape ? { w: le, h: se } : { w: se, h: le };
      break;
    }
  }
  const size = scaled(src, Math.min(f, 1));
  return crop ? { size, crop: { w: Math.min(crop.w, size.w), h: Math.min(crop.h, size.h) } } : { size };
}

export async function runImageView2(fop: ImageView2Fop, input: string, out: string, budget: ImageBudget): Promise<ImageFormat> {
  const { image, size, format } = await open(input, budget);
  const plan = imageView2Plan(size, fop);
  checkOutputSize(plan.size, budget.limits);
  let pipeline = image.resize(plan.size.w, plan.size.h, { fit: "fill" });
  if (plan.crop) {
    const flat = await flatten(pipeline, budget);
    pipeline = flat.image.extract({
      left: Math.floor((flat.size.w - plan.crop.w) / 2),
      top: Math.floor((flat.size.h - plan.crop.h) / 2),
      width: plan.crop.w,
      height: plan.crop.h,
    });
  }
  const target = fop.format ?? format;
  await write(pipeline, out, budget, target, fop.q, fop.interlace);
  return target;
}

export function thumbnailSize(src: Size, spec: ThumbnailSpec): Size {
  switch (spec.kind) {
    case "percent": {
      const f = spec.percent / 100;
      return { w: spec.axis === "y" ? src.w : Math.max(1, Math.round(src.w * f)), h: spec.axis === "x" ? src.h : Math.max(1, Math.round(src.h * f)) };
    }
    case "width":
      return scaled(src, spec.w / src.w);
    case "height":
      return scaled(src, spec.h / src.h);
    case "fit": {
      const f = Math.min(spec.w / src.w, spec.h / src.h);
      if ((spec.only === "shrink" && f >= 1) || (spec.only === "enlarge" && f <= 1)) return src;
      return scaled(src, f);
    }
    case "fill":
      return scaled(src, Math.max(spec.w / src.w, spec.h / src.h));
    case "exact":
      return { w: spec.w, h: spec.h };
    case "area": {
      const f = Math.sqrt(spec.area / (src.w * src.h));
      return f >= 1 ? src : scaled(src, f);
    }
  }
}

/** Crop rectangle inside `src`: size limited to the image, anchored by gravity, then moved by dx/dy and clamped. */
export function cropBox(src: Size, spec: CropSpec): { left: number; top: number; width: number; height: number } {
  const width = Math.min(spec.w ?? src.w, src.w);
  const height = Math.min(spec.h ?? src.h, src.h);
  const g = spec.gravity;
  const x = g.endsWith("West") ? 0 : g.endsWith("East") ? src.w - width : Math.floor((src.w - width) / 2);
  const y = g.startsWith("North") ? 0 : g.startsWith("South") ? src.h - height : Math.floor((src.h - height) / 2);
  const clamp = (v: number, max: number) => Math.min(Math.max(v, 0), max);
  return { left: clamp(x + spec.dx, src.w - width), top: clamp(y + spec.dy, src.h - height), width, height };
}

export async function runImageMogr2(fop: ImageMogr2Fop, input: string, out: string, budget: ImageBudget): Promise<ImageFormat> {
  const opened = await open(input, budget);
  let image = opened.image;
  let size = opened.size;
  let pending = false;
  for (const op of fop.ops) {
    // open() already applies the EXIF orientation, and sharp writes no EXIF/XMP unless asked: strip is always in effect
    if (op.op === "auto-orient" || op.op === "strip") continue;
    // The source itself needs no materialising: only a previous operation's result does (and that one is bounded).
    if (pending) ({ image, size } = await flatten(image, budget));
    pending = true;
    if (op.op === "thumbnail") {
      const t = checkOutputSize(thumbnailSize(size, op.spec), budget.limits);
      image = image.resize(t.w, t.h, { fit: "fill" });
      size = t;
    } else if (op.op === "crop") {
      const box = cropBox(size, op.spec);
      image = image.extract(box);
      size = { w: box.width, h: box.height };
    } else {
      size = checkOutputSize(rotatedSize(size, op.degrees), budget.limits);
      image = image.rotate(op.degrees, { background: { r: 255, g: 255, b: 255, alpha: 0 } });
    }
  }
  checkOutputSize(size, budget.limits);
  const target = fop.format ?? opened.format;
  await write(image, out, budget, target, fop.quality, fop.interlace);
  return target;
}

const ORIENTATIONS = ["", "Top-left", "Top-right", "Bottom-right", "Bottom-left", "Left-top", "Right-top", "Right-bottom", "Left-bottom"];

/** imageInfo: `{size, format, width, height, colorModel[, orientation]}` like Qiniu's answer. */
export async function runImageInfo(input: string, fileSize: number): Promise<Record<string, unknown>> {
  let meta: Metadata;
  try {
    meta = await sharp(input, { animated: false }).metadata();
  } catch {
    throw new FopError("not a valid image");
  }
  if (!meta.width || !meta.height) throw new FopError("not a valid image");
  const info: Record<string, unknown> = {
    size: fileSize,
    format: meta.format === "heif" ? (meta.compression === "av1" ? "avif" : "heic") : meta.format,
    width: meta.width,
    height: meta.height,
    colorModel: colorModel(meta),
  };
  if (meta.orientation && meta.orientation > 1) info.orientation = ORIENTATIONS[meta.orientation];
  return info;
}

// Qiniu reports Go image colour models: ycbcr (JPEG), nrgba/rgba, gray, paletted, cmyk.
function colorModel(meta: Metadata): string {
  if (meta.space === "cmyk") return "cmyk";
  if (meta.space === "b-w" || meta.channels === 1) return meta.hasAlpha ? "graya" : "gray";
  if (meta.format === "jpeg") return "ycbcr";
  if (meta.isPalette) return "paletted";
  return meta.hasAlpha ? "nrgba" : "rgb";
}

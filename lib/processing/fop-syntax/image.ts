import { fail, flag, int, oneOf, readPairs } from "./params";
import {
  GRAVITIES,
  IMAGE_FORMATS,
  type CropSpec,
  type Gravity,
  type ImageInfoFop,
  type ImageMogr2Fop,
  type ImageView2Fop,
  type MogrOp,
  type ThumbnailSpec,
} from "./types";

const MAX_SIDE = 9999;

/** `imageView2/<mode>/w/<w>/h/<h>/format/<f>/q/<q>/interlace/<0|1>` */
export function parseImageView2(args: string[]): ImageView2Fop {
  const fop = "imageView2";
  if (args.length === 0) fail("missingArg", { fop, param: "mode", expected: "0-5" }, `${fop}: the mode (0-5) is missing`);
  const mode = int(fop, "mode", args[0], 0, 5) as ImageView2Fop["mode"];
  const pairs = readPairs(fop, args.slice(1), ["w", "h", "format", "q", "interlace"]);
  if (pairs.size === 0) {
    fail("missingArg", { fop, param: "w", expected: "w, h, format, q" }, `${fop}: give at least one of w, h, format or q`);
  }
  const out: ImageView2Fop = { name: fop, mode };
  const w = pairs.get("w");
  const h = pairs.get("h");
  const format = pairs.get("format");
  const q = pairs.get("q");
  const interlace = pairs.get("interlace");
  if (w !== undefined) out.w = int(fop, "w", w, 1, MAX_SIDE);
  if (h !== undefined) out.h = int(fop, "h", h, 1, MAX_SIDE);
  if (format !== undefined) out.format = oneOf(fop, "format", format, IMAGE_FORMATS);
  if (q !== undefined) out.q = int(fop, "q", q, 1, 100);
  if (interlace !== undefined) out.interlace = flag(fop, "interlace", interlace);
  return out;
}

function thumbnailSpec(value: string): ThumbnailSpec {
  const fop = "imageMogr2";
  const side = (v: string) => int(fop, "thumbnail", v, 1, MAX_SIDE);
  let m: RegExpExecArray | null;
  if ((m = /^!(\d+)p([xy]?)$/.exec(value))) {
    const axis = m[2] === "x" ? "x" : m[2] === "y" ? "y" : "both";
    return { kind: "percent", percent: int(fop, "thumbnail", m[1], 1, 1000), axis };
  }
  if ((m = /^(\d+)x$/.exec(value))) return { kind: "width", w: side(m[1]) };
  if ((m = /^x(\d+)$/.exec(value))) return { kind: "height", h: side(m[1]) };
  if ((m = /^(\d+)x(\d+)([<>]?)$/.exec(value))) {
    const only = m[3] === ">" ? "shrink" : m[3] === "<" ? "enlarge" : undefined;
    return { kind: "fit", w: side(m[1]), h: side(m[2]), ...(only ? { only } : {}) };
  }
  if ((m = /^!(\d+)x(\d+)r$/.exec(value))) return { kind: "fill", w: side(m[1]), h: side(m[2]) };
  if ((m = /^(\d+)x(\d+)!$/.exec(value))) return { kind: "exact", w: side(m[1]), h: side(m[2]) };
  if ((m = /^(\d+)@$/.exec(value))) return { kind: "area", area: int(fop, "thumbnail", m[1], 1, 100_000_000) };
  return fail(
    "badArg",
    { fop, param: "thumbnail", value, expected: "!50p, 200x, x200, 200x100, !200x100r, 200x100!, 200x100>, 200x100<, 40000@" },
    `${fop}: "${value}" is not a thumbnail size (examples: 200x, x200, 200x100, !50p)`,
  );
}

function cropSpec(value: string, gravity: Gravity): CropSpec {
  const fop = "imageMogr2";
  const m = /^!?(\d*)x(\d*)(?:([a-])(\d+)([a-])(\d+))?$/.exec(value);
  if (!m || (m[1] === "" && m[2] === "")) {
    fail(
      "badArg",
      { fop, param: "crop", value, expected: "300x, x200, 300x200, !300x200a10a20" },
      `${fop}: "${value}" is not a crop size (examples: 300x200, !300x200a10a20)`,
    );
  }
  const spec: CropSpec = { gravity, dx: 0, dy: 0 };
  if (m[1]) spec.w = int(fop, "crop", m[1], 1, 10_000);
  if (m[2]) spec.h = int(fop, "crop", m[2], 1, 10_000);
  if (m[3]) {
    spec.dx = (m[3] === "-" ? -1 : 1) * int(fop, "crop", m[4], 0, 10_000);
    spec.dy = (m[5] === "-" ? -1 : 1) * int(fop, "crop", m[6], 0, 10_000);
  }
  return spec;
}

/**
 * `imageMogr2/auto-orient/thumbnail/<spec>/strip/gravity/<g>/crop/<spec>/rotate/<deg>/format/<f>/quality/<q>`.
 * Geometric operations run in the order given; gravity applies to the crops that follow it.
 */
export function parseImageMogr2(args: string[]): ImageMogr2Fop {
  const fop = "imageMogr2";
  const out: ImageMogr2Fop = { name: fop, ops: [] };
  const seen = new Set<string>();
  let gravity: Gravity = "NorthWest";
  const names = ["auto-orient", "strip", "thumbnail", "gravity", "crop", "rotate", "format", "quality", "interlace"];
  for (let i = 0; i < args.length; i++) {
    const name = args[i];
    if (!names.includes(name)) fail("unknownParam", { fop, param: name, expected: names.join(", ") }, `${fop}: unknown parameter "${name}"`);
    if (seen.has(name)) fail("duplicateParam", { fop, param: name }, `${fop}: parameter "${name}" is given twice`);
    seen.add(name);
    if (name === "auto-orient" || name === "strip") {
      out.ops.push({ op: name });
      continue;
    }
    const value = args[++i];
    if (value === undefined || value === "") fail("badArg", { fop, param: name, value: "" }, `${fop}: parameter "${name}" needs a value`);
    if (name === "thumbnail") out.ops.push({ op: "thumbnail", spec: thumbnailSpec(value) });
    else if (name === "gravity") gravity = oneOf(fop, "gravity", value, GRAVITIES);
    else if (name === "crop") out.ops.push({ op: "crop", spec: cropSpec(value, gravity) });
    else if (name === "rotate") out.ops.push({ op: "rotate", degrees: int(fop, "rotate", value, 1, 360) } satisfies MogrOp);
    else if (name === "format") out.format = oneOf(fop, "format", value, IMAGE_FORMATS);
    else if (name === "quality") out.quality = int(fop, "quality", value.replace(/!$/, ""), 1, 100);
    else out.interlace = flag(fop, "interlace", value);
  }
  if (out.ops.length === 0 && !out.format && out.quality === undefined && out.interlace === undefined) {
    fail("missingArg", { fop, expected: names.join(", ") }, `${fop}: no operation given`);
  }
  return out;
}

export function parseImageInfo(args: string[]): ImageInfoFop {
  if (args.length > 0) fail("unknownParam", { fop: "imageInfo", param: args[0] }, `imageInfo takes no parameters (got "${args[0]}")`);
  return { name: "imageInfo" };
}

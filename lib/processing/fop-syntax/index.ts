// Parser for persistent fop strings (docs/qiniu-protocol.md §9): `fop1;fop2|saveas/<Entry>;fop3|fop4`.
// Pure and browser-safe. The emulator runs what it returns; the console validates with it before submitting.
import { decodeEntry } from "@/lib/qiniu/entry";
import { parseAvinfo, parseAvthumb, parseVframe } from "./av";
import { parseImageInfo, parseImageMogr2, parseImageView2 } from "./image";
import { catchFailure, fail } from "./params";
import { FOP_NAMES, type Fop, type FopCommand, type FopName, type Parsed } from "./types";
import { existingBucket } from "@/lib/buckets/schemas";

export * from "./types";

export const MAX_FOPS_PER_JOB = 20;
export const MAX_STEPS_PER_COMMAND = 8;

type MediaKind = "image" | "video" | "audio" | "json" | "any";

const parsers: Record<FopName, (args: string[]) => Fop> = {
  imageView2: parseImageView2,
  imageMogr2: parseImageMogr2,
  imageInfo: parseImageInfo,
  vframe: parseVframe,
  avthumb: parseAvthumb,
  avinfo: parseAvinfo,
};

function parseStep(text: string): Fop {
  const [name, ...args] = text.split("/");
  if (!(FOP_NAMES as readonly string[]).includes(name)) {
    fail("unknownFop", { fop: name, expected: FOP_NAMES.join(", ") }, `unknown fop "${name}" (supported: ${FOP_NAMES.join(", ")})`);
  }
  return parsers[name as FopName](args);
}

/** Parses one fop step such as `imageView2/2/w/200`. */
export function parseFop(text: string): Parsed<Fop> {
  return catchFailure(() => parseStep(text.trim()));
}

/** What a step reads and what it produces; a chain is valid when each step accepts what the previous one produced. */
export function fopIo(fop: Fop): { input: readonly MediaKind[]; output: MediaKind } {
  switch (fop.name) {
    case "imageView2":
    case "imageMogr2":
      return { input: ["image"], output: "image" };
    case "imageInfo":
      return { input: ["image"], output: "json" };
    case "vframe":
      return { input: ["video"], output: "image" };
    case "avthumb":
      return { input: ["video", "audio"], output: fop.noVideo ? "audio" : "video" };
    case "avinfo":
      return { input: ["image", "video", "audio"], output: "json" };
  }
}

/** File extension (with dot) and MIME type of a step's output. */
export function fopOutputType(fop: Fop): { ext: string; mimeType: string } {
  switch (fop.name) {
    case "imageInfo":
    case "avinfo":
      return { ext: ".json", mimeType: "application/json" };
    case "vframe":
      return fop.format === "png" ? { ext: ".png", mimeType: "image/png" } : { ext: ".jpg", mimeType: "image/jpeg" };
    case "avthumb":
      return {
        mp4: { ext: ".mp4", mimeType: "video/mp4" },
        webm: { ext: ".webm", mimeType: "video/webm" },
        mp3: { ext: ".mp3", mimeType: "audio/mpeg" },
        m4a: { ext: ".m4a", mimeType: "audio/mp4" },
        ogg: { ext: ".ogg", mimeType: "audio/ogg" },
      }[fop.format];
    case "imageView2":
    case "imageMogr2":
      // Without a format the output keeps the input's format, known only when the step runs.
      return fop.format ? imageType(fop.format) : { ext: "", mimeType: "" };
  }
}

export function imageType(format: string): { ext: string; mimeType: string } {
  const f = format === "jpeg" ? "jpg" : format;
  const mime = f === "jpg" ? "image/jpeg" : `image/${f}`;
  return { ext: `.${f}`, mimeType: mime };
}

function parseSaveas(segment: string): NonNullable<FopCommand["saveas"]> {
  // URL-triggered fops append `/sign/<AK>:<sig>`; inside pfop it is not needed, so it is ignored (protocol §9).
  const entry = segment.slice("saveas/".length).split("/sign/")[0];
  if (!entry || entry.includes("/")) fail("badSaveas", { value: entry }, `saveas needs an encoded entry (url-safe base64 of "bucket:key")`);
  let decoded: { bucket: string; key?: string };
  try {
    decoded = decodeEntry(entry);
  } catch {
    return fail("badSaveas", { value: entry }, `saveas: "${entry}" is not url-safe base64 of "bucket:key"`);
  }
  if (!existingBucket.safeParse(decoded.bucket).success) fail("badSaveas", { value: decoded.bucket }, `saveas: "${decoded.bucket}" is not a valid bucket name`);
  return { entry, bucket: decoded.bucket, ...(decoded.key ? { key: decoded.key } : {}) };
}

function parseCommandUnsafe(cmd: string): FopCommand {
  const segments = cmd.split("|").map((s) => s.trim());
  let saveas: FopCommand["saveas"];
  if (segments.length > 1 && segments[segments.length - 1].startsWith("saveas/")) saveas = parseSaveas(segments.pop()!);
  if (segments.some((s) => s === "")) fail("empty", {}, `empty fop in "${cmd}"`);
  if (segments.length > MAX_STEPS_PER_COMMAND) fail("tooMany", { expected: String(MAX_STEPS_PER_COMMAND) }, `at most ${MAX_STEPS_PER_COMMAND} chained fops`);
  const steps: Fop[] = [];
  for (const segment of segments) {
    if (segment.startsWith("saveas/")) fail("badChain", { fop: "saveas" }, `saveas must be the last part of a fop`);
    const step = parseStep(segment);
    const previous = steps[steps.length - 1];
    if (previous) {
      const produced = fopIo(previous).output;
      if (!fopIo(step).input.includes(produced)) {
        fail("badChain", { fop: step.name, value: previous.name }, `${step.name} cannot take the ${produced} output of ${previous.name}`);
      }
    }
    steps.push(step);
  }
  return { cmd, steps, ...(saveas ? { saveas } : {}) };
}

/** Parses one command of a fops list: `step|step|saveas/<Entry>`. */
export function parseFopCommand(cmd: string): Parsed<FopCommand> {
  return catchFailure(() => parseCommandUnsafe(cmd.trim()));
}

/** Splits a `fops` value at `;` (empty parts dropped) and parses each command independently. */
export function splitFops(fops: string): string[] {
  return fops
    .split(";")
    .map((s) => s.trim())
    .filter((s) => s !== "");
}

/** Whole-list check used before submitting: every command must parse. */
export function validateFops(fops: string): Parsed<FopCommand[]> {
  const cmds = splitFops(fops);
  if (cmds.length === 0) return { ok: false, error: { code: "empty", message: "no fop given" } };
  if (cmds.length > MAX_FOPS_PER_JOB) {
    return { ok: false, error: { code: "tooMany", expected: String(MAX_FOPS_PER_JOB), message: `at most ${MAX_FOPS_PER_JOB} fops per job` } };
  }
  const out: FopCommand[] = [];
  for (const cmd of cmds) {
    const parsed = parseFopCommand(cmd);
    if (!parsed.ok) return { ok: false, error: { ...parsed.error, message: `${cmd}: ${parsed.error.message}` } };
    out.push(parsed.value);
  }
  return { ok: true, value: out };
}

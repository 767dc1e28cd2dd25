// Runs one fop command's chain of steps (`a|b|c`): each step reads the previous step's output file.
import { stat } from "node:fs/promises";
import { fopOutputType, imageType, type Fop } from "@/lib/processing/fop-syntax";
import { probe, runAvthumb, runVframe, type FfmpegOptions } from "./av";
import { runImageInfo, runImageMogr2, runImageView2 } from "./image";
import type { ImageLimits } from "./image-limits";

/** The result of a chain: a file to store, or (info fops) JSON. */
export type StepOutput = { kind: "file"; path: string; mimeType: string } | { kind: "json"; json: unknown };

export interface StepEnv {
  ffmpeg: FfmpegOptions;
  /** A fresh temporary path; the caller deletes every path it handed out. */
  tempPath: () => string;
  /** Qiniu's size limits for this kind of processing (synchronous or persistent) and seconds per image operation. */
  image: { limits: ImageLimits; seconds: number };
  /** Stops the chain between operations (client gone, time budget spent, service closing). */
  signal?: AbortSignal;
}

async function runStep(fop: Fop, input: string, env: StepEnv): Promise<StepOutput> {
  if (fop.name === "imageInfo") return { kind: "json", json: await runImageInfo(input, (await stat(input)).size) };
  if (fop.name === "avinfo") return { kind: "json", json: await probe(input, env.ffmpeg) };
  const out = env.tempPath();
  if (fop.name === "imageView2" || fop.name === "imageMogr2") {
    const budget = { ...env.image, signal: env.signal };
    const format = fop.name === "imageView2" ? await runImageView2(fop, input, out, budget) : await runImageMogr2(fop, input, out, budget);
    return { kind: "file", path: out, mimeType: imageType(format).mimeType };
  }
  if (fop.name === "vframe") await runVframe(fop, input, out, env.ffmpeg);
  else await runAvthumb(fop, input, out, env.ffmpeg);
  return { kind: "file", path: out, mimeType: fopOutputType(fop).mimeType };
}

/** Runs the steps in order. Parsing already checked that each step accepts the previous step's output kind. */
export async function runChain(steps: Fop[], source: string, env: StepEnv): Promise<StepOutput> {
  let input = source;
  let output: StepOutput | undefined;
  for (const step of steps) {
    env.signal?.throwIfAborted();
    output = await runStep(step, input, env);
    if (output.kind === "json") break; // info fops are always last
    input = output.path;
  }
  if (!output) throw new Error("empty fop chain");
  return output;
}

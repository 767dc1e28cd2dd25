// Runs the ffmpeg binary that arrives through npm (@ffmpeg-installer/ffmpeg: a 2018 static build with libx264,
// libvpx, aac, libvorbis, libopus, libmp3lame). ffprobe is not shipped, so media facts come from `ffmpeg -i`.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

let cachedPath: string | undefined;

/** Path of the npm-installed ffmpeg binary (the engine's `ffmpegPath` option can point elsewhere, e.g. Debian's). */
export function ffmpegPath(): string {
  cachedPath ??= (require("@ffmpeg-installer/ffmpeg") as { path: string }).path;
  return cachedPath;
}

export interface FfmpegResult {
  code: number | null;
  stderr: string;
}

/** ffmpeg's log is kept as its head (stream info) and tail (the error); the middle of a long run is dropped. */
const LOG_HEAD = 64 * 1024;
const LOG_TAIL = 64 * 1024;

/** Runs ffmpeg without a shell; kills it on timeout or abort. Never throws for a non-zero exit. */
export function runFfmpeg(args: string[], opts: { binary?: string; timeoutMs: number; signal?: AbortSignal }): Promise<FfmpegResult> {
  return new Promise((resolve, reject) => {
    if (opts.signal?.aborted) return reject(new Error("aborted"));
    const child = spawn(opts.binary ?? ffmpegPath(), ["-hide_banner", "-nostdin", ...args], { stdio: ["ignore", "ignore", "pipe"] });
    let head = "";
    let tail = "";
    let killedFor: string | undefined;
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (chunk: string) => {
      if (head.length < LOG_HEAD) head += chunk;
      else tail = (tail + chunk).slice(-LOG_TAIL);
    });
    const kill = (why: string) => {
      killedFor = why;
      child.kill("SIGKILL");
    };
    const timer = setTimeout(() => kill(`timed out after ${Math.round(opts.timeoutMs / 1000)} s`), opts.timeoutMs);
    const onAbort = () => kill("aborted");
    opts.signal?.addEventListener("abort", onAbort, { once: true });
    child.on("error", (err) => {
      clearTimeout(timer);
      opts.signal?.removeEventListener("abort", onAbort);
      reject(new Error(`cannot run ffmpeg: ${err.message}`));
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      opts.signal?.removeEventListener("abort", onAbort);
      if (killedFor) reject(new Error(`ffmpeg ${killedFor}`));
      else resolve({ code, stderr: tail ? `${head}\n…\n${tail}` : head });
    });
  });
}

/** The last meaningful line of an ffmpeg log: its error message. */
export function ffmpegError(stderr: string): string {
  const lines = stderr
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("frame=") && !/^\[.*\] (Qavg|kb\/s|frame I|frame P|mb |i16|i8|coded|ref |Weighted|SSIM|PSNR)/.test(l));
  return lines[lines.length - 1] ?? "ffmpeg failed";
}

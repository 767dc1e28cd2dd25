import { describe, expect, it } from "vitest";
import { ffmpegError, runFfmpeg } from "@/server/emulator/pfop/ffmpeg";

// An endless synthetic input: only a timeout or an abort can end it.
const ENDLESS = ["-f", "lavfi", "-i", "testsrc=size=64x48:rate=5", "-f", "null", "-"];

describe("runFfmpeg", () => {
  it("reports a failing run's exit code and its last error line", async () => {
    const { code, stderr } = await runFfmpeg(["-i", "/nonexistent/input.mp4"], { timeoutMs: 30_000 });
    expect(code).not.toBe(0);
    expect(ffmpegError(stderr)).toBe("/nonexistent/input.mp4: No such file or directory");
  });

  it("kills a run that outlives its timeout", async () => {
    await expect(runFfmpeg(ENDLESS, { timeoutMs: 300 })).rejects.toThrow("ffmpeg timed out");
  });

  it("kills a run when its signal aborts (service shutdown)", async () => {
    const abort = new AbortController();
    const running = runFfmpeg(ENDLESS, { timeoutMs: 30_000, signal: abort.signal });
    setTimeout(() => abort.abort(), 200);
    await expect(running).rejects.toThrow("ffmpeg aborted");
  });
});

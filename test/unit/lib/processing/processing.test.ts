import { describe, expect, it } from "vitest";
import { parseFopCommand } from "@/lib/processing/fop-syntax";
import { translate } from "@/lib/i18n/translate";
import { checkFopLines } from "@/lib/processing/editor";
import { describeFopError } from "@/lib/processing/fop-errors";
import { PFOP_PRESET_IDS, mediaKindOfKey, presetCommand } from "@/lib/processing/presets";
import { commandWithoutSaveas, isActive, outputBucket, statusName } from "@/lib/processing/view";
import { encodedEntry } from "@/lib/qiniu/entry";

describe("presets", () => {
  it("every preset is a valid command saving next to the source", () => {
    for (const id of PFOP_PRESET_IDS) {
      const parsed = parseFopCommand(presetCommand(id, "media", "dir/clip.mp4"));
      expect(parsed.ok, id).toBe(true);
      if (parsed.ok) {
        expect(parsed.value.saveas?.bucket).toBe("media");
        expect(parsed.value.saveas?.key?.startsWith("dir/clip.mp4")).toBe(true);
      }
    }
  });

  it("guesses the media kind from the extension", () => {
    expect(mediaKindOfKey("a/b.JPG")).toBe("image");
    expect(mediaKindOfKey("x.webm")).toBe("video");
    expect(mediaKindOfKey("song.flac")).toBe("audio");
    expect(mediaKindOfKey("notes.txt")).toBeUndefined();
  });
});

describe("checkFopLines", () => {
  it("checks each line (and ;-separated parts) with its line number and destination", () => {
    const entry = encodedEntry("out", "x.webp");
    const checks = checkFopLines(`imageView2/2/w/10|saveas/${entry}\n\n avinfo ; imageView2/7\n`);
    expect(checks).toEqual([
      { line: 1, cmd: `imageView2/2/w/10|saveas/${entry}`, ok: true, saveas: { entry, bucket: "out", key: "x.webp" } },
      { line: 3, cmd: "avinfo", ok: true, saveas: undefined },
      expect.objectContaining({ line: 3, cmd: "imageView2/7", ok: false, error: expect.objectContaining({ code: "badArg", param: "mode" }) }),
    ]);
  });
});

describe("describeFopError", () => {
  it("explains a syntax error in both languages with the parser's details", () => {
    const r = parseFopCommand("imageView2/2/w/abc");
    if (r.ok) throw new Error("should fail");
    expect(describeFopError((k, v) => translate("en", k, v), r.error)).toBe("imageView2: “abc” is not a valid w (expected 1-9999)");
    expect(describeFopError((k, v) => translate("zh-CN", k, v), r.error)).toBe("imageView2：参数 w 的值 “abc” 无效（应为 1-9999）");
  });
});

describe("job view helpers", () => {
  it("knows where outputs go and which statuses are still moving", () => {
    expect(outputBucket(`avinfo|saveas/${encodedEntry("out", "k")}`, "src")).toBe("out");
    expect(outputBucket("avinfo", "src")).toBe("src");
    expect(commandWithoutSaveas(`vframe/jpg/offset/1|saveas/${encodedEntry("out", "k")}`)).toBe("vframe/jpg/offset/1");
    expect([0, 1, 2, 3, 4].map(isActive)).toEqual([false, true, true, false, false]);
    expect([0, 1, 2, 3, 4].map(statusName)).toEqual(["success", "waiting", "processing", "failed", "notifyFailed"]);
  });
});

import { describe, expect, it } from "vitest";
import { modeFor, referencedVars, renderTemplate, type VarLookup } from "@/server/emulator/magic-vars";
import { mimeAllowed } from "@/server/emulator/mime-detect";

const vars: Record<string, unknown> = {
  key: 'dir/a "b".txt',
  fsize: 1234,
  "x:a": "va",
  imageInfo: { width: 7, height: 5 },
};
const lookup: VarLookup = (name) => {
  if (name.startsWith("imageInfo.")) return (vars.imageInfo as Record<string, number>)[name.slice(10)];
  return vars[name] as string | number | undefined;
};

describe("renderTemplate", () => {
  it("inserts bare variables as JSON literals and quoted ones as escaped text", () => {
    const out = renderTemplate(
      '{"k":$(key),"q":"<$(key)>","n":$(fsize),"ns":"$(fsize)","a":${x:a},"o":$(imageInfo),"w":$(imageInfo.width),"m":$(x:missing),"e":"$(x:missing)"}',
      lookup,
      "json",
    );
    expect(JSON.parse(out)).toEqual({
      k: 'dir/a "b".txt',
      q: '<dir/a "b".txt>',
      n: 1234,
      ns: "1234",
      a: "va",
      o: { width: 7, height: 5 },
      w: 7,
      m: null,
      e: "",
    });
  });

  it("tracks escaped quotes in the template when deciding what is inside a string", () => {
    const out = renderTemplate('{"t":"say \\"$(x:a)\\"","b":$(x:a)}', lookup, "json");
    expect(JSON.parse(out)).toEqual({ t: 'say "va"', b: "va" });
  });

  it("URL-encodes values in form bodies and leaves text templates raw", () => {
    expect(renderTemplate("key=$(key)&size=$(fsize)&none=$(x:none)", lookup, "form")).toBe(`key=${encodeURIComponent('dir/a "b".txt')}&size=1234&none=`);
    expect(renderTemplate("files/$(key)-$(x:a)", lookup, "text")).toBe('files/dir/a "b".txt-va');
  });

  it("chooses the mode from the body type, else from the template's shape", () => {
    expect(modeFor("key=$(key)", "application/json")).toBe("json");
    expect(modeFor('{"a":1}', "application/x-www-form-urlencoded")).toBe("form");
    expect(modeFor('  {"a":1}')).toBe("json");
    expect(modeFor("plain $(key)")).toBe("text");
    expect(referencedVars("$(a) ${b.c} $(x:y)")).toEqual(["a", "b.c", "x:y"]);
  });
});

describe("mimeAllowed", () => {
  it("matches ';'-separated patterns with wildcards, and all-negative lists", () => {
    expect(mimeAllowed("image/*;video/mp4", "image/png")).toBe(true);
    expect(mimeAllowed("image/*;video/mp4", "video/mp4")).toBe(true);
    expect(mimeAllowed("image/*;video/mp4", "video/webm")).toBe(false);
    expect(mimeAllowed("image/*", "application/x-image")).toBe(false);
    expect(mimeAllowed("!application/json;!text/plain", "text/plain")).toBe(false);
    expect(mimeAllowed("!application/json;!text/plain", "image/png")).toBe(true);
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { urlsafeBase64Decode, urlsafeBase64DecodeToString, urlsafeBase64Encode } from "@/lib/qiniu/base64";
import { QiniuInputError } from "@/lib/qiniu/errors";
import { qiniu } from "./sdk";

describe("urlsafeBase64Encode", () => {
  it("keeps padding and uses - and _", () => {
    expect(urlsafeBase64Encode("qiniuphotos")).toBe("cWluaXVwaG90b3M=");
    expect(urlsafeBase64Encode(new Uint8Array([0xfb, 0xff, 0xbf]))).toBe("-_-_");
    expect(urlsafeBase64Encode(new Uint8Array([0xff]))).toBe("_w==");
    expect(urlsafeBase64Encode("")).toBe("");
  });

  it("equals the official SDK for any text (UTF-8, lone surrogates included)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 300 }), (s) => {
        expect(urlsafeBase64Encode(s)).toBe(qiniu.util.urlsafeBase64Encode(s));
      }),
      { numRuns: 500 },
    );
  });

  it("equals Buffer base64 for any bytes, including large inputs", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 20000 }), (b) => {
        expect(urlsafeBase64Encode(b)).toBe(Buffer.from(b).toString("base64").replace(/\+/g, "-").replace(/\//g, "_"));
      }),
      { numRuns: 200 },
    );
  });
});

describe("urlsafeBase64Decode", () => {
  it("round-trips any bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 500 }), (b) => {
        expect(urlsafeBase64Decode(urlsafeBase64Encode(b))).toEqual(b);
      }),
    );
  });

  it("accepts unpadded input and the standard alphabet", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (b) => {
        const std = Buffer.from(b).toString("base64");
        expect(urlsafeBase64Decode(std)).toEqual(b);
        expect(urlsafeBase64Decode(std.replace(/=+$/, ""))).toEqual(b);
      }),
    );
  });

  it("refuses input that is not base64", () => {
    for (const bad of ["a", "ab=c", "a*bc", "abc==", "ab\ncd", "€abc", "abcde"]) {
      expect(() => urlsafeBase64Decode(bad), bad).toThrow(QiniuInputError);
    }
  });

  it("decodes UTF-8 text", () => {
    expect(urlsafeBase64DecodeToString("Ymt0OuebruW9lS_mlofku7YgMS50eHQ=")).toBe("bkt:目录/文件 1.txt");
  });
});

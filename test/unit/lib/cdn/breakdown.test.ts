import { describe, expect, it } from "vitest";
import { parseAntiLeechKeys } from "@/lib/cdn/antileech-keys";
import { share, statusClassSeries } from "@/lib/cdn/breakdown";

describe("status classes over time", () => {
  it("adds the codes of each class point by point", () => {
    expect(statusClassSeries({ "200": [1, 2], "206": [0, 3], "404": [5, 0], "503": [0, 1] }, 2)).toEqual({ "2xx": [1, 5], "4xx": [5, 0], "5xx": [0, 1] });
    expect(share(1, 4)).toBe(0.25);
    expect(share(1, 0)).toBe(0);
  });
});

describe("QINIU_CDN_ANTILEECH_KEYS", () => {
  it("reads <domain>=<key>[|<backup>] entries, normalising the domain", () => {
    expect(parseAntiLeechKeys("cdn.example.com=k1, http://Img.Example.com:8080/=k2|k3")).toEqual({
      ok: true,
      value: { "cdn.example.com": ["k1"], "img.example.com:8080": ["k2", "k3"] },
    });
    expect(parseAntiLeechKeys(undefined)).toEqual({ ok: true, value: {} });
  });

  it("refuses entries without a domain or key, or with more than two keys", () => {
    for (const bad of ["=k", "cdn.example.com", "cdn.example.com=", "d=a|b|c"]) expect(parseAntiLeechKeys(bad).ok).toBe(false);
  });
});

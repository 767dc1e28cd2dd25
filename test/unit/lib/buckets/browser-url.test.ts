import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  BATCH_SELECTION_STORAGE_KEY,
  batchPrefixHref,
  bucketOf,
  bucketHref,
  parseBrowserState,
  processingHref,
  uploadHref,
  writeBatchSelection,
} from "@/lib/buckets/browser-url";
import { TRICKY_KEYS } from "@/test/support/tricky-keys";

function stateOf(href: string) {
  return parseBrowserState(new URL(href, "http://console.test").searchParams);
}

describe("browser URL state", () => {
  it("keeps keys and prefixes in query parameters, never in the path", () => {
    for (const key of TRICKY_KEYS) {
      const href = bucketHref("demo", { prefix: key, key });
      const url = new URL(href, "http://console.test");
      expect(url.pathname).toBe("/buckets/demo");
      expect(url.hash).toBe("");
      expect(stateOf(href)).toMatchObject({ prefix: key, key });
    }
  });

  it("round-trips the whole state (property)", () => {
    const state = fc.record({
      prefix: fc.string({ unit: "grapheme" }),
      q: fc.string({ unit: "grapheme" }),
      view: fc.constantFrom("list" as const, "grid" as const),
      key: fc.option(fc.string({ unit: "grapheme", minLength: 1 }), { nil: null }),
      sort: fc.option(
        fc.record({ field: fc.constantFrom("name" as const, "size" as const, "time" as const), dir: fc.constantFrom("asc" as const, "desc" as const) }),
        { nil: null },
      ),
    });
    fc.assert(
      fc.property(state, (s) => {
        expect(stateOf(bucketHref("b", s))).toEqual(s);
      }),
    );
  });

  it("reads a server page's searchParams object and ignores junk", () => {
    expect(parseBrowserState({ prefix: "a/", view: "grid", sort: "size-desc", key: ["k1", "k2"] })).toEqual({
      prefix: "a/",
      q: "",
      view: "grid",
      key: "k1",
      sort: { field: "size", dir: "desc" },
    });
    expect(parseBrowserState({ view: "tiles", sort: "color-up" })).toMatchObject({ view: "list", sort: null, key: null });
    expect(bucketHref("b")).toBe("/buckets/b");
  });

  it("builds the hand-off links of the other pages", () => {
    expect(uploadHref("b", "a b/#")).toBe("/upload?bucket=b&prefix=a+b%2F%23");
    expect(new URL(processingHref("b", "x?y#z"), "http://c.test").searchParams.get("key")).toBe("x?y#z");
    expect(new URL(batchPrefixHref("b", "p/"), "http://c.test").searchParams.get("prefix")).toBe("p/");
    const store = new Map<string, string>();
    writeBatchSelection({ setItem: (k, v) => store.set(k, v) }, "b", ["a//b", "😀"]);
    expect(JSON.parse(store.get(BATCH_SELECTION_STORAGE_KEY)!)).toEqual({ bucket: "b", keys: ["a//b", "😀"] });
  });
});

describe("bucket route segments", () => {
  it("are decoded, and a malformed escape is kept as typed for the actions to refuse", () => {
    expect(bucketOf("My_Bucket")).toBe("My_Bucket");
    expect(bucketOf("a%2Db")).toBe("a-b");
    expect(bucketOf("bad%E0%A4%A")).toBe("bad%E0%A4%A");
  });
});

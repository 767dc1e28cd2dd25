import { describe, expect, it } from "vitest";
import { metaChanges, metaProblem } from "@/lib/buckets/object-meta";

describe("custom metadata edits", () => {
  it("sends only new names and changed values", () => {
    expect(
      metaChanges({ a: "1", b: "2" }, [
        { name: "a", value: "1" },
        { name: "b", value: "9" },
        { name: "d", value: "4" },
        { name: "", value: "" },
      ]),
    ).toEqual({ set: { b: "9", d: "4" }, remove: [] });
  });

  it("removes names marked removed, and only names that were there", () => {
    const entries = [
      { name: "a", value: "1", removed: true },
      { name: "b", value: "2" },
      { name: "n", value: "x", removed: true },
    ];
    expect(metaChanges({ a: "1", b: "2" }, entries)).toEqual({ set: {}, remove: ["a"] });
    // a removed row's value is not checked
    expect(metaProblem([{ name: "a", value: "", removed: true }])).toBeNull();
  });

  it("refuses names and values Qiniu refuses", () => {
    expect(metaProblem([{ name: "ok_name-1", value: "text/plain; a=b" }])).toBeNull();
    expect(metaProblem([{ name: "bad name", value: "x" }])).toEqual({ problem: "name", index: 0 });
    expect(metaProblem([{ name: "n", value: "100%" }])).toEqual({ problem: "value", index: 0 });
    expect(
      metaProblem([
        { name: "n", value: "1" },
        { name: "n", value: "2" },
      ]),
    ).toEqual({ problem: "duplicate", index: 1 });
    expect(metaProblem([{ name: "n", value: "x".repeat(1024) }])).toEqual({ problem: "tooLarge", index: -1 });
    expect(metaProblem([{ name: "", value: "" }])).toBeNull();
  });
});

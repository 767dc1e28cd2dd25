import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { inverseItem, undoOperationFor } from "@/lib/batch/inverse";
import { planItem } from "@/lib/batch/plan";

describe("undo of moves and renames", () => {
  it("moves a rename's targets back with explicit keys and never overwrites", () => {
    const undo = undoOperationFor({ op: "rename", pattern: { kind: "suffix", suffix: "-x", beforeExtension: true }, overwrite: true }, "media");
    expect(undo).toEqual({ bucket: "media", op: { op: "rename", pattern: { kind: "explicit" }, overwrite: false } });
  });

  it("undoes a cross-bucket move from the old target bucket back to the source bucket", () => {
    const undo = undoOperationFor({ op: "move", targetBucket: "archive", pattern: { kind: "same" }, overwrite: false }, "media");
    expect(undo).toEqual({ bucket: "archive", op: { op: "move", targetBucket: "media", pattern: { kind: "explicit" }, overwrite: false } });
  });

  it("refuses operations without an inverse", () => {
    expect(() => undoOperationFor({ op: "delete" }, "media")).toThrow(/cannot be undone/);
    expect(() => undoOperationFor({ op: "copy", targetBucket: "x-y", pattern: { kind: "same" }, overwrite: false }, "media")).toThrow();
  });

  it("planning the inverse of a planned move gives back the original object (property)", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string(), (key, prefix) => {
        const op = { op: "move" as const, targetBucket: "archive", pattern: { kind: "prefix" as const, from: "", to: prefix }, overwrite: false };
        const planned = planItem(op, "media", { key });
        if (planned.skip) return true;
        const inv = inverseItem({ bucket: planned.bucket, key: planned.key, targetBucket: planned.targetBucket!, targetKey: planned.targetKey! });
        const undo = undoOperationFor(op, "media");
        const back = planItem(undo.op, undo.bucket, { key: inv.key, target: inv.targetKey });
        return back.bucket === "archive" && back.targetBucket === "media" && back.targetKey === key && back.key === prefix + key;
      }),
    );
  });
});

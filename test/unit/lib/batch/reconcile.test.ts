import { describe, expect, it } from "vitest";
import { inflightVerdict, statsNeeded } from "@/lib/batch/reconcile";
import type { BatchOperation } from "@/lib/batch/spec";

const present = (hash = "Fh1") => ({ code: 200, hash });
const missing = { code: 612 };
const move: BatchOperation = { op: "move", targetBucket: "b2", pattern: { kind: "same" }, overwrite: false };
const copy: BatchOperation = { op: "copy", targetBucket: "b2", pattern: { kind: "same" }, overwrite: false };

describe("settling in-flight items after a crash", () => {
  it("re-sends idempotent operations without looking", () => {
    expect(statsNeeded({ op: "chtype", type: 1 })).toEqual({ source: false, target: false });
    expect(inflightVerdict({ op: "chgm", mime: "text/plain" })).toEqual({ status: "pending" });
  });

  it("a delete whose source is gone was done; one whose source remains is sent again", () => {
    expect(inflightVerdict({ op: "delete" }, missing)).toEqual({ status: "done" });
    expect(inflightVerdict({ op: "delete" }, present())).toEqual({ status: "pending" });
  });

  it("a move is done only when the source is gone and the target present", () => {
    expect(statsNeeded(move)).toEqual({ source: true, target: true });
    expect(inflightVerdict(move, missing, present())).toEqual({ status: "done" });
    expect(inflightVerdict(move, present(), present())).toEqual({ status: "pending" });
    expect(inflightVerdict(move, present(), missing)).toEqual({ status: "pending" });
    expect(inflightVerdict(move, missing, missing)).toEqual({ status: "failed", code: 612 });
  });

  it("a copy is done when the target holds the source's content", () => {
    expect(inflightVerdict(copy, present("A"), present("A"))).toEqual({ status: "done" });
    expect(inflightVerdict(copy, present("A"), present("B"))).toEqual({ status: "pending" });
    expect(inflightVerdict(copy, present("A"), missing)).toEqual({ status: "pending" });
    expect(inflightVerdict(copy, missing, missing)).toEqual({ status: "failed", code: 612 });
  });

  it("a restore is done once the object reports a restore status", () => {
    const op: BatchOperation = { op: "restoreAr", freezeAfterDays: 3 };
    expect(inflightVerdict(op, { code: 200, restoreStatus: 1 })).toEqual({ status: "done" });
    expect(inflightVerdict(op, { code: 200 })).toEqual({ status: "pending" });
  });

  it("stays undecided when a stat itself failed", () => {
    expect(inflightVerdict({ op: "delete" }, { code: 599 })).toEqual({ status: "unknown" });
    expect(inflightVerdict(move, missing, undefined)).toEqual({ status: "unknown" });
    expect(inflightVerdict(move, missing, { code: 573 })).toEqual({ status: "unknown" });
  });
});

import { describe, expect, it } from "vitest";
import { restoreState } from "@/lib/buckets/storage-class";

describe("archive restore state", () => {
  it("is frozen, restoring or restored for archive and deep archive, none for classes read directly", () => {
    expect(restoreState(2, undefined)).toBe("frozen");
    expect(restoreState(3, 1)).toBe("restoring");
    expect(restoreState(2, 2)).toBe("restored");
    for (const type of [0, 1, 4]) expect(restoreState(type, undefined)).toBeNull();
  });
});

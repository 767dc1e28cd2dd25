import { describe, expect, it } from "vitest";
import { putTimeToDate } from "@/lib/buckets/format";

describe("Qiniu object times", () => {
  it("converts Qiniu putTime (100 ns units) to a date", () => {
    expect(putTimeToDate(17_000_000_000_000_000).toISOString()).toBe("2023-11-14T22:13:20.000Z");
  });
});

import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { parseKeyCsv, parseKeyLines, parseKeyList } from "@/lib/batch/key-list";
import { resultsCsv, type ResultRow } from "@/lib/batch/results-csv";

describe("key lists", () => {
  it("reads one key per line, trims, skips blank lines and counts duplicates", () => {
    const list = parseKeyLines("a.jpg\r\n  b/c d.png  \n\n a.jpg\n");
    expect(list.keys).toEqual([{ key: "a.jpg" }, { key: "b/c d.png" }]);
    expect(list.duplicates).toBe(1);
    expect(list.problems).toEqual([]);
  });

  it("keeps commas inside plain-text keys", () => {
    expect(parseKeyList("a,b.txt\nc.txt", "keys.txt").keys).toEqual([{ key: "a,b.txt" }, { key: "c.txt" }]);
  });

  it("reads CSV with quoted keys and a target column under a header", () => {
    const list = parseKeyCsv('key,target\n"a,1.jpg",new/a.jpg\n"line\nbreak",x\n');
    expect(list.hasTargets).toBe(true);
    expect(list.keys).toEqual([
      { key: "a,1.jpg", target: "new/a.jpg" },
      { key: "line\nbreak", target: "x" },
    ]);
  });

  it("reads headerless CSV: first column is the key", () => {
    expect(parseKeyCsv("a.jpg\nb.jpg\n").keys).toEqual([{ key: "a.jpg" }, { key: "b.jpg" }]);
  });

  it("reports empty and over-long keys with their line", () => {
    const list = parseKeyCsv(`key,target\n,x\n${"k".repeat(751)},y\n`);
    expect(list.keys).toEqual([]);
    expect(list.problems).toEqual([
      { line: 2, reason: "empty_key" },
      { line: 3, reason: "too_long" },
    ]);
  });

  it("reads its own results export back, targets included (round trip, property)", () => {
    // Biased towards what CSV and spreadsheets treat specially: quotes, commas, line breaks, formula characters.
    const tricky = fc.constantFrom("'", "''", "=", "+", "-", "@", '"', ",", "\n", "'=", "键");
    const keyArb = fc
      .array(fc.oneof(tricky, fc.string({ maxLength: 4 })), { minLength: 1, maxLength: 8 })
      .map((parts) => parts.join(""))
      .filter((k) => k.trim() === k && k !== "");
    fc.assert(
      fc.property(fc.uniqueArray(fc.tuple(keyArb, keyArb), { minLength: 1, maxLength: 20, selector: (t) => t[0] }), (pairs) => {
        const rows: ResultRow[] = pairs.map(([key, target], i) => ({
          seq: i,
          bucket: "media",
          key,
          targetBucket: "media",
          targetKey: target,
          status: "failed",
          check: "conflict",
          code: 614,
          message: "file exists",
          attempts: 2,
        }));
        const csv = resultsCsv(rows.slice(0, 1), true) + resultsCsv(rows.slice(1), false);
        const back = parseKeyList(csv, "results.csv");
        expect(back.keys).toEqual(pairs.map(([key, target]) => ({ key, target })));
      }),
      { numRuns: 300 },
    );
  });

  it("escapes formula-looking cells in the export", () => {
    const csv = resultsCsv(
      [{ seq: 1, bucket: "b", key: "=cmd()", targetBucket: null, targetKey: null, status: "done", check: null, code: 200, message: null, attempts: 1 }],
      true,
    );
    expect(csv.split("\r\n")[0]).toBe("seq,bucket,key,target_bucket,target_key,status,check,code,message,attempts");
    expect(csv.split("\r\n")[1]).toBe(`1,b,"'=cmd()",,,done,,200,,1`);
  });
});

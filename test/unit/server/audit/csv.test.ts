import { describe, expect, it } from "vitest";
import { auditCsvRow, csvField } from "@/server/audit/csv";
import { auditFilterFrom, filterQuery, pageFrom } from "@/server/audit/filter";

describe("audit CSV", () => {
  it("quotes fields with commas, quotes and line breaks (RFC 4180)", () => {
    expect(csvField("plain")).toBe("plain");
    expect(csvField('say "hi", twice')).toBe('"say ""hi"", twice"');
    expect(csvField("two\nlines")).toBe('"two\nlines"');
    expect(csvField(null)).toBe("");
    expect(csvField(new Date("2030-01-02T03:04:05.000Z"))).toBe("2030-01-02T03:04:05.000Z");
  });

  it("defuses values a spreadsheet would run as formulas", () => {
    expect(csvField('=HYPERLINK("http://evil")')).toBe('"\'=HYPERLINK(""http://evil"")"');
    expect(csvField("+1")).toBe("'+1");
    expect(csvField("-2")).toBe("'-2");
    expect(csvField("@sum")).toBe("'@sum");
  });

  it("writes one row per record with parameters as JSON", () => {
    const row = auditCsvRow({
      id: 7,
      at: new Date("2030-01-02T03:04:05.000Z"),
      actor: { id: "u1", email: "a@b.c", role: "editor" },
      action: "objects.delete",
      bucket: "media",
      target: "img/a,b.png",
      params: { n: 1 },
      outcome: "ok",
      errorCode: null,
      errorMessage: null,
      reqId: null,
      ip: "10.0.0.1",
    });
    expect(row).toBe('7,2030-01-02T03:04:05.000Z,a@b.c,editor,objects.delete,media,"img/a,b.png",ok,,,,10.0.0.1,"{""n"":1}"\r\n');
  });
});

describe("audit filters from the URL", () => {
  it("reads actor, action, bucket and a time range (UTC without a display zone), ignoring malformed times", () => {
    const f = auditFilterFrom({ actor: " bob ", action: "auth.login", bucket: "media", from: "2030-01-02T03:04", to: "not a date" });
    expect(f).toMatchObject({ actor: "bob", action: "auth.login", bucket: "media", fromText: "2030-01-02T03:04" });
    expect(f.from?.toISOString()).toBe("2030-01-02T03:04:00.000Z");
    expect(f.to).toBeUndefined();
    expect(auditFilterFrom({ from: "2030-01-02" }).from?.toISOString()).toBe("2030-01-02T00:00:00.000Z");
    expect(auditFilterFrom({ to: "2030-01-02T03:04:00+08:00" }).to?.toISOString()).toBe("2030-01-01T19:04:00.000Z");
  });

  it("reads typed times in the display time zone the page shows times in", () => {
    expect(auditFilterFrom({ from: "2030-01-02T03:04" }, "Asia/Shanghai").from?.toISOString()).toBe("2030-01-01T19:04:00.000Z");
    expect(auditFilterFrom({ from: "2030-07-02T03:04" }, "America/New_York").from?.toISOString()).toBe("2030-07-02T07:04:00.000Z");
    // An explicit offset wins over the display zone.
    expect(auditFilterFrom({ from: "2030-01-02T03:04Z" }, "Asia/Shanghai").from?.toISOString()).toBe("2030-01-02T03:04:00.000Z");
  });

  it("builds the same query back for paging and export", () => {
    const f = auditFilterFrom({ actor: "a&b", from: "2030-01-02T03:04" });
    expect(filterQuery(f, 3)).toBe("?actor=a%26b&from=2030-01-02T03%3A04&page=3");
    expect(filterQuery({})).toBe("");
    expect(pageFrom({ page: "4" })).toBe(4);
    expect(pageFrom({ page: "-1" })).toBe(1);
    expect(pageFrom({ page: "x" })).toBe(1);
  });
});

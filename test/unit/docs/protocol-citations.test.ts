import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// Comments cite the protocol document as `docs/qiniu-protocol.md §N` (also `§A–§B`, `§A, §B`, `§0 item 4`,
// `§3.2 "Emulator verification algorithm"`). Every cited section, item and named part must exist in the document.
const ROOT = path.resolve(__dirname, "../../..");
const DOC = "docs/qiniu-protocol.md";
const SCANNED = ["app", "bench", "components", "lib", "scripts", "server", "test", "README.md", "proxy.ts", "instrumentation.ts"];

interface Section {
  id: string;
  text: string;
}

function sections(markdown: string): Map<string, Section> {
  const lines = markdown.split("\n");
  const heads: { id: string; level: number; line: number }[] = [];
  lines.forEach((l, i) => {
    const m = /^(#{2,4})\s+(\d+(?:\.\d+)*)[.\s]/.exec(l);
    if (m) heads.push({ id: m[2], level: m[1].length, line: i });
  });
  const out = new Map<string, Section>();
  heads.forEach((h, i) => {
    const end = heads.slice(i + 1).find((n) => n.level <= h.level)?.line ?? lines.length;
    out.set(h.id, { id: h.id, text: lines.slice(h.line, end).join("\n") });
  });
  return out;
}

function filesUnder(rel: string): string[] {
  const p = path.join(ROOT, rel);
  if (!fs.existsSync(p)) return [];
  if (fs.statSync(p).isFile()) return [p];
  return fs
    .readdirSync(p, { withFileTypes: true })
    .flatMap((e) => (e.name === "node_modules" || e.name.startsWith(".") ? [] : filesUnder(path.join(rel, e.name))));
}

interface Citation {
  where: string;
  section: string;
  item?: string;
  named?: string;
}

const SECTION = String.raw`§(\d+(?:\.\d+)*)`;
const CITATION = new RegExp(String.raw`qiniu-protocol\.md\`?\s*(${SECTION}(?:\s*(?:[–-]|,|and)\s*§?\d+(?:\.\d+)*)*)(?:\s+item\s+(\d+))?(?:\s+"([^"]+)")?`, "g");

function citationsIn(file: string): Citation[] {
  const text = fs.readFileSync(file, "utf8");
  const out: Citation[] = [];
  for (const m of text.matchAll(CITATION)) {
    const line = text.slice(0, m.index).split("\n").length;
    const where = `${path.relative(ROOT, file)}:${line}`;
    const ids = [...m[1].matchAll(/\d+(?:\.\d+)*/g)].map((x) => x[0]);
    ids.forEach((id, i) => out.push({ where, section: id, ...(i === 0 && m[3] ? { item: m[3] } : {}), ...(i === 0 && m[4] ? { named: m[4] } : {}) }));
  }
  return out;
}

describe(`citations of ${DOC}`, () => {
  const doc = sections(fs.readFileSync(path.join(ROOT, DOC), "utf8"));
  const citations = SCANNED.flatMap(filesUnder)
    .filter((f) => /\.(ts|tsx|mjs|js|md)$/.test(f) && path.relative(ROOT, f) !== DOC)
    .flatMap(citationsIn);

  it("finds the citations in the source", () => {
    expect(citations.length).toBeGreaterThan(80);
  });

  it("cites only sections, items and named parts that exist", () => {
    const broken = citations.flatMap((c) => {
      const s = doc.get(c.section);
      if (!s) return [`${c.where}: §${c.section} does not exist`];
      if (c.item && !new RegExp(String.raw`^${c.item}\. `, "m").test(s.text)) return [`${c.where}: §${c.section} has no item ${c.item}`];
      if (c.named && !s.text.includes(c.named)) return [`${c.where}: §${c.section} has no part "${c.named}"`];
      return [];
    });
    expect(broken).toEqual([]);
  });
});

// Keys shown on the page: a key may hold control characters (NUL, tabs, escape sequences, bidi overrides, created
// through the SDK), which render as nothing or reorder the text around them. Each becomes a visible escape, marked so
// it cannot be taken for the same text typed literally. Pure: used by the page and its tests.

// C0 and C1 controls, DEL, and the bidi embedding/override/isolate marks and line/paragraph separators.
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

export interface KeySegment {
  text: string;
  /** True: an escape standing for one invisible character. */
  escaped: boolean;
}

function escapeOf(c: string): string {
  const code = c.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
}

export function keySegments(key: string): KeySegment[] {
  const out: KeySegment[] = [];
  let last = 0;
  for (const m of key.matchAll(INVISIBLE)) {
    if (m.index > last) out.push({ text: key.slice(last, m.index), escaped: false });
    out.push({ text: escapeOf(m[0]), escaped: true });
    last = m.index + 1;
  }
  if (last < key.length || out.length === 0) out.push({ text: key.slice(last), escaped: false });
  return out;
}

/** The key as plain text with its escapes (tooltips, where no markup is possible). */
export function visibleKey(key: string): string {
  return keySegments(key)
    .map((s) => s.text)
    .join("");
}

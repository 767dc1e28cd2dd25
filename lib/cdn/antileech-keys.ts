// `QINIU_CDN_ANTILEECH_KEYS="<domain>=<key>[|<backup key>],…"`: per-domain timestamp anti-leech keys that override what
// Qiniu's domain API reports. Pure, so server/config.ts can refuse a malformed value at start-up with its name.

/** domain (host[:port], lower-case) → keys, primary first (at most two, as Qiniu's timeACLKeys). */
export type AntiLeechKeyMap = Record<string, string[]>;

export function parseAntiLeechKeys(text: string | undefined): { ok: true; value: AntiLeechKeyMap } | { ok: false; error: string } {
  const value: AntiLeechKeyMap = {};
  for (const entry of (text ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)) {
    const eq = entry.indexOf("=");
    const domain =
      eq > 0
        ? entry
            .slice(0, eq)
            .trim()
            .replace(/^[a-z]+:\/\//i, "")
            .replace(/\/+$/, "")
            .toLowerCase()
        : "";
    const keys =
      eq > 0
        ? entry
            .slice(eq + 1)
            .split("|")
            .map((k) => k.trim())
            .filter(Boolean)
        : [];
    if (!domain || keys.length === 0 || keys.length > 2) return { ok: false, error: `"${entry}" is not <domain>=<key> or <domain>=<key>|<backup key>` };
    value[domain] = keys;
  }
  return { ok: true, value };
}

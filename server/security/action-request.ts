import "server-only";

// Server action requests are decoded by Next (React's reply format) before any code of ours runs, and Next answers every
// failure there with HTTP 500: a body over the limit, malformed multipart, bytes that are not UTF-8, JSON that does not
// parse, or a reference to a part the request does not carry. The proxy runs this check first, so such a request gets a
// 4xx with a short message instead. It mirrors only the framing of React's reply format (node_modules/next/dist/compiled/
// react-server-dom-webpack, parseModelString), never the values, which the action wrapper's schemas check.

/** Same as next.config.js `experimental.serverActions.bodySizeLimit`. */
export const ACTION_BODY_LIMIT = 2 * 1024 * 1024;
/** Far deeper than any action input; React revives replies recursively, so a much deeper one overflows the stack. */
const MAX_DEPTH = 64;

/** `$`-strings React decodes in place; every other `$x…` names another part of the request. */
const INLINE = new Set(["$", "H", "T", "I", "-", "N", "u", "D", "K"]);

class Malformed extends Error {}

function refusal(status: number, message: string): Response {
  return new Response(`${message}\n`, { status, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
}

/** The part a `$…` string refers to (its row id), null for in-place values; throws for what React would refuse. */
function referencedPart(value: string): number | null {
  const tag = value[1] ?? "";
  if (INLINE.has(tag)) return null;
  if (tag === "n") {
    if (!/^-?\d{1,300}$/.test(value.slice(2))) throw new Malformed("a BigInt that does not parse");
    return null;
  }
  const id = /^[0-9a-f]$/i.test(tag) ? value.slice(1) : value.slice(2);
  const hex = id.split(":")[0];
  if (!/^[0-9a-f]{1,8}$/i.test(hex)) throw new Malformed("a reference that does not parse");
  return parseInt(hex, 16);
}

/** Walks a parsed part without recursion, collecting the parts it refers to. */
function partReferences(root: unknown): number[] {
  const refs: number[] = [];
  const stack: [unknown, number][] = [[root, 0]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop()!;
    if (typeof value === "string") {
      if (value.startsWith("$")) {
        const ref = referencedPart(value);
        if (ref !== null) refs.push(ref);
      }
    } else if (value !== null && typeof value === "object") {
      if (depth >= MAX_DEPTH) throw new Malformed(`nested deeper than ${MAX_DEPTH} levels`);
      for (const child of Object.values(value)) stack.push([child, depth + 1]);
    }
  }
  return refs;
}

function parsePart(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new Malformed("a part that is not JSON");
  }
}

/** A plain-text body is a single part: it cannot refer to any other. */
function checkTextBody(bytes: ArrayBuffer) {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new Malformed("a body that is not UTF-8");
  }
  if (partReferences(parsePart(text)).length > 0) throw new Malformed("a reference to a part the request does not contain");
}

/** A multipart body: part "0" is the root; every part referred to must be present, every text part must be JSON. */
function checkMultipartBody(form: FormData) {
  const seen = new Set<number>();
  const pending = [0];
  while (pending.length > 0) {
    const id = pending.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    const part = form.get(String(id));
    if (part === null) throw new Malformed(id === 0 ? "no root part" : "a reference to a part the request does not contain");
    if (typeof part === "string") pending.push(...partReferences(parsePart(part)));
  }
}

function crossOrigin(req: Request): boolean {
  const origin = req.headers.get("origin");
  if (!origin || origin === "null") return origin === "null";
  const host = req.headers.get("x-forwarded-host")?.split(",")[0]?.trim() || req.headers.get("host");
  try {
    return new URL(origin).host !== host;
  } catch {
    return true;
  }
}

/**
 * A 4xx answer for a POST to a page that Next would fail with HTTP 500, or null when it is well-formed. `fetchAction`:
 * the request names its action in a Next-Action header (how the console's pages call actions) and its body is React's
 * reply format; without it Next may still try a multipart body as a form action, so that body must at least parse.
 * Browsers send both with a Content-Length (a string or FormData body), so a request without one is refused rather
 * than read: the size is known before a byte of the body is read.
 */
export async function refuseMalformedAction(req: Request, { fetchAction }: { fetchAction: boolean }): Promise<Response | null> {
  const multipart = /^multipart\/form-data/i.test(req.headers.get("content-type") ?? "");
  if (!multipart && !fetchAction) return null;
  if (crossOrigin(req)) return refusal(403, "Server action requests must come from this console's own pages.");
  const length = req.headers.get("content-length");
  if (length === null) return refusal(411, "Server action requests need a Content-Length header.");
  if (!/^\d{1,12}$/.test(length)) return refusal(400, "Malformed Content-Length header.");
  if (Number(length) > ACTION_BODY_LIMIT) return refusal(413, "Request body too large: server action requests are limited to 2 MB.");
  try {
    if (multipart) {
      let form: FormData;
      try {
        form = await req.formData();
      } catch {
        throw new Malformed("a multipart body that does not parse");
      }
      if (fetchAction) checkMultipartBody(form);
    } else {
      checkTextBody(await req.arrayBuffer());
    }
  } catch (err) {
    if (err instanceof Malformed) return refusal(400, `Malformed server action request: ${err.message}.`);
    throw err;
  }
  return null;
}

// Pure helpers for the analytics breakdowns: status codes grouped by class over time, and shares of a whole.

/** `{"200":[…],"206":[…],"404":[…]}` → `{"2xx":[…],"4xx":[…]}`, classes in order, each the element-wise sum. */
export function statusClassSeries(codes: Record<string, readonly number[]>, length: number): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const code of Object.keys(codes).sort()) {
    const cls = /^[1-5]\d\d$/.test(code) ? `${code[0]}xx` : "other";
    const target = (out[cls] ??= new Array<number>(length).fill(0));
    codes[code].forEach((v, i) => {
      if (i < length) target[i] += v;
    });
  }
  return out;
}

/** `part / whole`, 0 when the whole is 0. */
export function share(part: number, whole: number): number {
  return whole > 0 ? part / whole : 0;
}

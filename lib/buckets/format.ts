// Qiniu's object times. Display formats live in lib/i18n/format.ts.

/** Qiniu reports putTime in 100-nanosecond units since the epoch (docs/qiniu-protocol.md §8). */
export function putTimeToDate(putTime: number): Date {
  return new Date(Math.floor(putTime / 10_000));
}

// Each feature area keeps its strings in its own file (lib/i18n/areas/<area>.ts) so features can grow independently.
// zh-CN is written first; the en object must have exactly the same keys, which this type enforces.
export type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };

export function defineMessages<const Z extends Record<string, unknown>>(zh: Z, en: Shape<Z>) {
  return { "zh-CN": zh as Shape<Z>, en };
}

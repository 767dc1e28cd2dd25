// Every message's dotted key, derived from the zh-CN dictionary's shape (type only: no dictionary is imported at run time).
import type { Messages } from "./messages";

type Join<K, P> = K extends string ? (P extends string ? `${K}.${P}` : never) : never;
type Paths<T> = { [K in keyof T]: T[K] extends string ? K : Join<K, Paths<T[K]>> }[keyof T];
export type MessageKey = Paths<Messages>;

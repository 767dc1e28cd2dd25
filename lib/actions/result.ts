// What a server action or a guarded GET route answers, shared by the server and the browser (no secrets, no stack).
import type { Translate } from "@/lib/i18n/engine";

export interface ActionError {
  code: string;
  message: string;
  /** Qiniu's request id (X-Reqid), kept for support. */
  reqId?: string;
  fields?: Record<string, string>;
  /** Set when Qiniu did not answer in time (`code` is "qiniu.timeout"): the limit that was waited. */
  timeoutMs?: number;
}
export type ActionResult<T> = { ok: true; data: T } | { ok: false; error: ActionError };

/** The one translate function type (lib/i18n/engine.ts), re-exported for action code. */
export type { Translate };

/** A failed read or action as an Error react-query can hold; the message is already translated by the server. */
export class ResultError extends Error {
  readonly code: string;
  readonly reqId?: string;
  readonly fields?: Record<string, string>;
  readonly timeoutMs?: number;
  /** HTTP status of a GET route's answer (0: the request never got an answer). */
  readonly status?: number;
  constructor(error: ActionError, status?: number) {
    super(error.message);
    this.name = "ResultError";
    this.code = error.code;
    this.reqId = error.reqId;
    this.fields = error.fields;
    this.timeoutMs = error.timeoutMs;
    this.status = status;
  }

  get timedOut(): boolean {
    return this.code === "qiniu.timeout";
  }
}

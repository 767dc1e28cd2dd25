// Typed errors of the Qiniu library. Pure: safe in the browser.

/** Well-known Qiniu failure kinds (docs/qiniu-protocol.md §8 error codes, §10 CDN codes). */
export type QiniuErrorCode =
  | "bad_request" // 400
  | "unauthorized" // 401: bad, expired or missing token or signature
  | "forbidden" // 403: scope/key mismatch, keylimit, mimeLimit
  | "not_found" // 404, 612: no such file, no such uploadId
  | "method_not_allowed" // 405
  | "crc_mismatch" // 406
  | "too_large" // 413
  | "account_frozen" // 419
  | "mirror_failed" // 478
  | "not_implemented" // 501
  | "bandwidth_exceeded" // 509
  | "rate_limited" // 573
  | "callback_failed" // 579: stored, but the callback failed
  | "server_error" // 599 and other 5xx
  | "condition_failed" // 608
  | "file_exists" // 614
  | "too_many_buckets" // 630
  | "no_such_bucket" // 631
  | "invalid_marker" // 640
  | "ctx_expired" // 701
  | "cdn_error" // CDN body code other than 200 (400031 invalid url, ...)
  | "timeout" // no answer within the timeout
  | "network" // connection failed
  | "bad_response" // 200 with an unreadable body
  | "unknown";

const CODE_BY_STATUS: Record<number, QiniuErrorCode> = {
  400: "bad_request",
  401: "unauthorized",
  403: "forbidden",
  404: "not_found",
  405: "method_not_allowed",
  406: "crc_mismatch",
  413: "too_large",
  419: "account_frozen",
  478: "mirror_failed",
  501: "not_implemented",
  509: "bandwidth_exceeded",
  573: "rate_limited",
  579: "callback_failed",
  599: "server_error",
  608: "condition_failed",
  612: "not_found",
  614: "file_exists",
  630: "too_many_buckets",
  631: "no_such_bucket",
  640: "invalid_marker",
  701: "ctx_expired",
};

/** Maps an HTTP status (or a batch item code) to its named code. */
export function codeForStatus(status: number): QiniuErrorCode {
  const named = CODE_BY_STATUS[status];
  if (named) return named;
  if (status >= 500 && status < 600) return "server_error";
  return "unknown";
}

export interface QiniuErrorInit {
  status: number;
  code?: QiniuErrorCode;
  message?: string;
  reqId?: string;
  body?: unknown;
  /** Numeric code from a CDN (fusion) response body, e.g. 400031. */
  apiCode?: number;
  cause?: unknown;
  /** For `timeout`: how long was waited. */
  timeoutMs?: number;
}

/** A failed call to Qiniu (or the emulator). `status` is 0 for network errors and timeouts. */
export class QiniuError extends Error {
  readonly status: number;
  readonly code: QiniuErrorCode;
  readonly reqId: string | undefined;
  readonly body: unknown;
  readonly apiCode: number | undefined;
  readonly timeoutMs: number | undefined;

  constructor(init: QiniuErrorInit) {
    const code = init.code ?? codeForStatus(init.status);
    super(init.message ?? errorTextOf(init.body) ?? `Qiniu request failed (${init.status || code})`, { cause: init.cause });
    this.name = "QiniuError";
    this.status = init.status;
    this.code = code;
    this.reqId = init.reqId;
    this.body = init.body;
    this.apiCode = init.apiCode;
    this.timeoutMs = init.timeoutMs;
  }
}

/** Invalid input detected before anything was sent (bad key, bad base64, too many URLs, ...). */
export class QiniuInputError extends Error {
  readonly field: string | undefined;

  constructor(message: string, field?: string) {
    super(message);
    this.name = "QiniuInputError";
    this.field = field;
  }
}

/** The `error` text of a Qiniu error body `{"error":"…"}`, if there is one. */
export function errorTextOf(body: unknown): string | undefined {
  if (body && typeof body === "object" && "error" in body) {
    const e = (body as { error: unknown }).error;
    if (typeof e === "string" && e !== "") return e;
  }
  return undefined;
}

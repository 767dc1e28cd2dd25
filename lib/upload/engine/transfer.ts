// The contract of one file's transfer, shared by the dispatcher (qiniu-transport.ts), the multipart transport
// (multipart-transport.ts) and the queue. Types only, so neither transport imports the other's module for them.

export interface TransferError {
  /** HTTP status; 0 = network failure; -1 = the SDK refused before sending. */
  code: number;
  message: string;
  reqId?: string;
}

export interface TransferHandlers {
  /** `loaded` counts parts reused from a previous session; `resumedBytes` is their size. */
  onProgress(loaded: number, resumedBytes: number): void;
  onComplete(response: unknown): void;
  onError(error: TransferError): void;
}

export interface Transfer {
  /** Aborts requests in flight; uploaded parts stay (resume later). */
  stop(): void;
  /** Also deletes the uploaded parts at the server and the local part list. */
  abort(): Promise<void>;
}

export interface TransferRequest {
  file: File;
  key: string;
  token: string;
  mimeType: string;
  customVars: Record<string, string>;
  /** `x-qn-meta-<name>` → value: form fields in a form upload, `metadata` in the v2 complete body. */
  metadata?: Record<string, string>;
}

// Turns a server action's ActionResult into a value or a thrown error, for react-query (queries and mutations).
// The one unwrap of the console: every page's action calls go through it.
import type { ActionResult } from "@/server/actions/wrapper";

/** A refused action: the server's translated message, its code, Qiniu's request id and the refused input fields. */
export class ActionCallError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly reqId?: string,
    readonly fields?: Record<string, string>,
  ) {
    super(message);
    this.name = "ActionCallError";
  }
}

export async function unwrap<T>(result: Promise<ActionResult<T>> | ActionResult<T>): Promise<T> {
  const r = await result;
  if (r.ok) return r.data;
  throw new ActionCallError(r.error.message, r.error.code, r.error.reqId, r.error.fields);
}

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The message with Qiniu's request id, for places that show one line and no separate request id. */
export function errorWithReqId(err: unknown): string {
  return err instanceof ActionCallError && err.reqId ? `${err.message} (${err.reqId})` : errorText(err);
}

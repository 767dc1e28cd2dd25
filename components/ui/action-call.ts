// Turns a server action's ActionResult into a value or a thrown error, for react-query (queries and mutations).
import type { ActionResult } from "@/server/actions/wrapper";

export class ActionCallError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly reqId?: string,
  ) {
    super(message);
    this.name = "ActionCallError";
  }
}

export async function unwrap<T>(result: Promise<ActionResult<T>> | ActionResult<T>): Promise<T> {
  const r = await result;
  if (r.ok) return r.data;
  throw new ActionCallError(r.error.message, r.error.code, r.error.reqId);
}

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

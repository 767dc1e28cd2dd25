"use client";

import type { ActionResult } from "@/server/actions/wrapper";

/** A failed action as an Error react-query can hold; the message is already translated by the server. */
export class ActionError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly fields?: Record<string, string>,
  ) {
    super(message);
  }
}

/** Calls a server action and returns its data, throwing ActionError on `{ ok: false }`. */
export async function unwrap<T>(result: Promise<ActionResult<T>>): Promise<T> {
  const r = await result;
  if (!r.ok) throw new ActionError(r.error.code, r.error.reqId ? `${r.error.message} (${r.error.reqId})` : r.error.message, r.error.fields);
  return r.data;
}

import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";

// The signal of the browser request a Qiniu call is made for. A GET route runs its handler inside withAbortSignal
// (server/http/route-guard.ts), so every Qiniu call below it stops when the user leaves, without each read passing a
// signal through every layer. Work shared between requests (caches, in-flight lookups) runs detached: one user
// leaving must not cancel what another one waits for.
const scope = new AsyncLocalStorage<AbortSignal | undefined>();

export function withAbortSignal<T>(signal: AbortSignal, fn: () => T): T {
  return scope.run(signal, fn);
}

/** Runs `fn` outside any request's signal (for promises several requests share). */
export function detached<T>(fn: () => T): T {
  return scope.run(undefined, fn);
}

export function ambientSignal(): AbortSignal | undefined {
  return scope.getStore();
}

"use client";

import { useSyncExternalStore } from "react";

const subscribe = () => () => {};

/** false during server rendering and hydration, true after: for output that depends on the browser (local time zone). */
export function useIsClient(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}

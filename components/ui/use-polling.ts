"use client";

import { useState } from "react";
import { pollBackoff, type PollOptions } from "@/lib/actions/poll-backoff";

/**
 * react-query options for a poll with backoff (lib/actions/poll-backoff.ts), paused while the tab is in the
 * background: `useQuery({ queryKey, queryFn, ...usePolling({ while: (d) => d?.status === "running" }) })`.
 * The options are read once (keep `while` a pure function of the data).
 */
export function usePolling<T>(opts: PollOptions<T> = {}) {
  const [refetchInterval] = useState(() => pollBackoff<T>(opts));
  return { refetchInterval, refetchIntervalInBackground: false } as const;
}

// Polling over GET with backoff: 1 s, doubling to 30 s while the answer stays the same, back to 1 s when it changes.
// Used as react-query's refetchInterval (which already pauses in background tabs: refetchIntervalInBackground false).
// react-query keeps the same data object when a refetch answers equal data (structural sharing), so "unchanged" is
// "the same reference after a newer fetch".

export interface PollOptions<T> {
  minMs?: number;
  maxMs?: number;
  /** Poll only while this holds (e.g. the job is still running); default always. */
  while?: (data: T | undefined) => boolean;
}

interface QueryLike<T> {
  state: { data: T | undefined; dataUpdatedAt: number; errorUpdatedAt: number };
}

export function pollBackoff<T>(opts: PollOptions<T> = {}): (query: QueryLike<T>) => number | false {
  const min = opts.minMs ?? 1000;
  const max = opts.maxMs ?? 30_000;
  let delay = min;
  let seen: { data: T | undefined; at: number } | undefined;
  return (query) => {
    const { data, dataUpdatedAt, errorUpdatedAt } = query.state;
    if (opts.while && !opts.while(data)) {
      seen = undefined;
      delay = min;
      return false;
    }
    const at = Math.max(dataUpdatedAt, errorUpdatedAt);
    if (seen && at > seen.at) delay = data !== seen.data ? min : Math.min(max, delay * 2);
    seen = { data, at };
    return delay;
  };
}

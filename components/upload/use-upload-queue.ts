"use client";

import { useEffect, useState, useSyncExternalStore } from "react";
import { UploadQueue, type QueueDeps } from "../../lib/upload/engine/queue";
import { createWorkerHasher } from "../../lib/upload/engine/hasher";
import type { QueueSnapshot } from "../../lib/upload/engine/types";

/** One queue (and one hashing worker) per page visit; disposed when the page goes away. */
export function useUploadQueue(deps: Omit<QueueDeps, "hasher">): { queue: UploadQueue; snapshot: QueueSnapshot } {
  const [queue] = useState(() => new UploadQueue({ ...deps, hasher: createWorkerHasher() }));
  useEffect(
    () => () => {
      queue.dispose();
    },
    [queue],
  );
  const snapshot = useSyncExternalStore(queue.subscribe, queue.getSnapshot, queue.getSnapshot);
  return { queue, snapshot };
}

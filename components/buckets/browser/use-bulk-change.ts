"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { BulkChange, BulkItemResult } from "@/lib/buckets/bulk-ops";
import { changeObjects, deleteObjects } from "@/server/actions/objects-bulk";
import { unwrap } from "../../ui/action-call";
import { browserKeys } from "./query-keys";

/** One /batch run over selected keys; afterwards the bucket's listings (and a move/copy target's) reload. */
export function useBulkChange(bucket: string, folder: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ keys, change }: { keys: string[]; change: BulkChange }): Promise<BulkItemResult[]> =>
      unwrap(change.kind === "delete" ? deleteObjects({ bucket, folder, keys }) : changeObjects({ bucket, folder, keys, change })),
    onSettled: (_data, _err, { change }) => {
      void qc.invalidateQueries({ queryKey: browserKeys.bucket(bucket) });
      if ((change.kind === "move" || change.kind === "copy") && change.toBucket !== bucket)
        void qc.invalidateQueries({ queryKey: browserKeys.bucket(change.toBucket) });
    },
  });
}

"use client";

import { useMutation, useQueryClient, type InfiniteData, type QueryClient } from "@tanstack/react-query";
import type { ListPage, ObjectRow } from "@/lib/buckets/listing";
import {
  changeMime,
  changeStorageClass,
  copyObject,
  deleteObject,
  moveObject,
  prefetchObject,
  restoreObject,
  setDeleteAfterDays,
  setObjectMeta,
  setObjectStatus,
} from "@/server/actions/objects";
import { unwrap } from "../../ui/action-call";
import { browserKeys, listingShows } from "./query-keys";

export type Operation =
  | { kind: "rename" | "copy"; toBucket: string; toKey: string; force: boolean }
  | { kind: "delete" }
  | { kind: "chgm"; mimeType: string }
  | { kind: "chtype"; type: 0 | 1 | 2 | 3 | 4 }
  | { kind: "deleteAfterDays"; days: number }
  | { kind: "restore"; days: number }
  | { kind: "prefetch" }
  | { kind: "chstatus"; status: 0 | 1 }
  | { kind: "meta"; set: Record<string, string>; remove: string[] };

export type OperationKind = Operation["kind"];

/** What an operation replaced: an existing object whose CDN copies are now stale (null when nothing was overwritten). */
export interface OperationResult {
  overwritten: { bucket: string; key: string } | null;
}

const NOTHING: OperationResult = { overwritten: null };

async function run(bucket: string, key: string, op: Operation): Promise<OperationResult> {
  const ref = { bucket, key };
  switch (op.kind) {
    case "rename":
    case "copy": {
      const transfer = op.kind === "rename" ? moveObject : copyObject;
      const done = await unwrap(transfer({ ...ref, toBucket: op.toBucket, toKey: op.toKey, force: op.force }));
      return { overwritten: done.overwrote ? { bucket: done.bucket, key: done.key } : null };
    }
    case "delete":
      await unwrap(deleteObject(ref));
      return NOTHING;
    case "chgm":
      await unwrap(changeMime({ ...ref, mimeType: op.mimeType }));
      return NOTHING;
    case "chtype":
      await unwrap(changeStorageClass({ ...ref, type: op.type }));
      return NOTHING;
    case "deleteAfterDays":
      await unwrap(setDeleteAfterDays({ ...ref, days: op.days }));
      return NOTHING;
    case "restore":
      await unwrap(restoreObject({ ...ref, days: op.days }));
      return NOTHING;
    case "chstatus":
      await unwrap(setObjectStatus({ ...ref, status: op.status }));
      return NOTHING;
    case "meta":
      await unwrap(setObjectMeta({ ...ref, set: op.set, remove: op.remove }));
      return NOTHING;
    case "prefetch": {
      const done = await unwrap(prefetchObject(ref));
      return { overwritten: done.overwrote ? ref : null };
    }
  }
}

type Pages = InfiniteData<ListPage>;

/** Applies `edit` to the row of `key` in every cached listing that shows it; returns what to put back on failure. */
function editRows(qc: QueryClient, bucket: string, key: string, edit: (row: ObjectRow) => ObjectRow | null) {
  const predicate = (q: { queryKey: readonly unknown[] }) => listingShows(q.queryKey, bucket, key);
  const before = qc.getQueriesData<Pages>({ predicate });
  qc.setQueriesData<Pages>(
    { predicate },
    (data) =>
      data && {
        ...data,
        pages: data.pages.map((p) => ({
          ...p,
          rows: p.rows.flatMap((r) => (r.kind === "object" && r.key === key ? (edit(r) ?? []) : [r])),
        })),
      },
  );
  return () => before.forEach(([queryKey, data]) => qc.setQueryData(queryKey, data));
}

/** Refreshes exactly what a change to bucket:key can affect: the listings showing it and its details. */
export function invalidateObject(qc: QueryClient, bucket: string, key: string): Promise<void> {
  return Promise.all([
    qc.invalidateQueries({ predicate: (q) => listingShows(q.queryKey, bucket, key) }),
    qc.invalidateQueries({ queryKey: browserKeys.stat(bucket, key) }),
    qc.invalidateQueries({ queryKey: browserKeys.text(bucket, key) }),
  ]).then(() => undefined);
}

/**
 * One single-object operation. Deletes and metadata changes show at once (optimistic, rolled back on failure);
 * everything then reloads the affected listings through react-query, never the page.
 */
export function useObjectOperation(bucket: string, key: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (op: Operation) => run(bucket, key, op),
    onMutate: async (op) => {
      // A listing fetch in flight would overwrite the optimistic change with the old rows.
      if (op.kind === "delete" || op.kind === "chgm" || op.kind === "chtype" || op.kind === "chstatus")
        await qc.cancelQueries({ predicate: (q) => listingShows(q.queryKey, bucket, key) });
      if (op.kind === "delete") return { undo: editRows(qc, bucket, key, () => null) };
      if (op.kind === "chgm") return { undo: editRows(qc, bucket, key, (r) => ({ ...r, mimeType: op.mimeType })) };
      if (op.kind === "chtype") return { undo: editRows(qc, bucket, key, (r) => ({ ...r, type: op.type })) };
      if (op.kind === "chstatus") return { undo: editRows(qc, bucket, key, (r) => ({ ...r, status: op.status === 1 ? 1 : undefined })) };
      return { undo: () => {} };
    },
    onError: (_err, _op, context) => context?.undo(),
    // Not awaited: a big folder reloads up to MAX_LOADED_PAGES pages, and the dialog should not wait for that.
    onSettled: (_data, err, op) => {
      // A deleted or moved object is gone from here: reload the listings, not its (closing) details.
      if (!err && (op.kind === "delete" || op.kind === "rename")) void qc.invalidateQueries({ predicate: (q) => listingShows(q.queryKey, bucket, key) });
      else void invalidateObject(qc, bucket, key);
      if (op.kind === "rename" || op.kind === "copy") void invalidateObject(qc, op.toBucket, op.toKey);
    },
  });
}

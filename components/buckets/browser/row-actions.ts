import type { FolderJobKind } from "@/lib/buckets/folder-names";
import type { BrowserRow, ObjectRow } from "@/lib/buckets/listing";
import type { ObjectDetails } from "@/server/actions/objects";
import type { BucketContext } from "@/server/actions/buckets";
import type { OperationKind } from "./use-object-operation";

/** What a row's menu may do; one stable object per listing, so the memoized rows do not re-render. */
export interface RowActions {
  context: Pick<BucketContext, "can" | "mirror">;
  onOpen(row: BrowserRow): void;
  onOperate(row: ObjectRow, kind: OperationKind): void;
  /** a job on everything under a folder row's prefix */
  onFolder(prefix: string, kind: FolderJobKind): void;
  /** a folder row's "Download as ZIP" */
  onFolderZip(prefix: string): void;
  onError(err: Error): void;
}

/** A listed row as the operation dialogs take it: list items carry everything they read except the hash. */
export function rowDetails(bucket: string, row: ObjectRow): ObjectDetails {
  return { bucket, key: row.key, fsize: row.fsize, mimeType: row.mimeType, putTime: row.putTime, type: row.type, status: row.status, hash: "" };
}

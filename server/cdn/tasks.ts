import "server-only";
// Refresh and prefetch history as a user may see it. An unrestricted user gets Qiniu's pages as they are; a user
// limited to some domains or key prefixes gets pages of only their tasks, and a total that counts only those, so the
// history is read in Qiniu pages up to MAX_SCANNED tasks and paged here.
import { isUnrestricted, type Principal } from "@/lib/permissions";
import type { QiniuClient } from "@/lib/qiniu/client";
import type { CdnTask } from "@/lib/qiniu/client-types";
import { visibleTasks } from "./scope";

export type CdnHistoryItem = CdnTask & {
  isDir?: string;
  /** why a task failed (Qiniu's stateDetail), when it says */
  stateDetail?: string;
};

export interface CdnTaskPage {
  items: CdnHistoryItem[];
  /** tasks this user may see */
  total: number;
  pageNo: number;
  pageSize: number;
  /** the history was longer than what was scanned for a scoped user: `total` counts the newest MAX_SCANNED only */
  truncated?: boolean;
}

const SCAN_PAGE = 100;
export const MAX_SCANNED = 2000;

export async function taskPage(client: QiniuClient, user: Principal, kind: "refresh" | "prefetch", pageNo: number, pageSize: number): Promise<CdnTaskPage> {
  const list = (o: { pageNo: number; pageSize: number }) => (kind === "refresh" ? client.cdnRefreshList(o) : client.cdnPrefetchList(o));
  if (isUnrestricted(user)) {
    const res = await list({ pageNo, pageSize });
    const items = res.items as CdnHistoryItem[];
    return { items, total: res.total ?? items.length, pageNo: res.pageNo ?? pageNo, pageSize: res.pageSize ?? pageSize };
  }
  const mine: CdnHistoryItem[] = [];
  let scanned = 0;
  let truncated = false;
  for (let p = 0; ; p++) {
    const res = await list({ pageNo: p, pageSize: SCAN_PAGE });
    const items = res.items as CdnHistoryItem[];
    mine.push(...(await visibleTasks(client, user, items)));
    scanned += items.length;
    const total = res.total ?? 0;
    if (items.length < SCAN_PAGE || scanned >= total) break;
    if (scanned >= MAX_SCANNED) {
      truncated = true;
      break;
    }
  }
  return { items: mine.slice(pageNo * pageSize, (pageNo + 1) * pageSize), total: mine.length, pageNo, pageSize, ...(truncated ? { truncated } : {}) };
}

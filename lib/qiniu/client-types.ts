// Response and option types of the Qiniu API client (docs/qiniu-protocol.md §8–§10). Pure: safe in the browser.
import type { QiniuErrorCode } from "./errors";

/** Object metadata from stat / list. */
export interface ObjectStat {
  fsize: number;
  hash: string;
  mimeType: string;
  /** 100-nanosecond units since the epoch. */
  putTime: number;
  /** 0 standard, 1 IA, 2 archive, 3 deep archive, 4 archive-IR. */
  type: number;
  endUser?: string;
  /** 1 when the object is disabled. */
  status?: number;
  md5?: string;
  restoreStatus?: number;
  expiration?: number;
  transitionToIA?: number;
  transitionToARCHIVE?: number;
  transitionToDeepArchive?: number;
  transitionToArchiveIR?: number;
  "x-qn-meta"?: Record<string, string>;
  parts?: number[];
}

export interface ListItem extends ObjectStat {
  key: string;
}

export interface ListOptions {
  bucket: string;
  prefix?: string;
  delimiter?: string;
  marker?: string;
  /** 1–1000 (default 1000). */
  limit?: number;
}

export interface ListPage {
  items: ListItem[];
  /** Only with a delimiter. */
  commonPrefixes: string[];
  /** Opaque; undefined at the end. A page may be empty while the marker is not: keep going. */
  marker?: string;
}

export interface FetchResult {
  fsize: number;
  hash: string;
  key: string;
  mimeType: string;
}

/** One batch op's outcome, in op order. */
export interface BatchItemResult<T = unknown> {
  code: number;
  data?: T;
  error?: string;
  /** Named code when `code` is not 200. */
  errorCode?: QiniuErrorCode;
}

export interface PfopOptions {
  bucket: string;
  key: string;
  /** Fops joined by ';' (see joinFops), or an array of fops. */
  fops: string | string[];
  notifyURL?: string;
  pipeline?: string;
  force?: boolean;
  /** 1 = idle-time task. */
  type?: number;
  workflowTemplateID?: string;
}

/** One fop's entry in a prefop answer or pfop notification (docs/qiniu-protocol.md §9); the emulator sends the same. */
export interface PrefopItem {
  cmd: string;
  code: number;
  desc: string;
  error?: string;
  hash?: string;
  key?: string;
  keys?: string[];
  /** Parsed JSON of an info fop (imageInfo, avinfo); the same JSON is also stored at `key`. */
  result?: unknown;
  /** 1: the saveas target existed and force was not set. */
  returnOld?: 0 | 1;
}

/** code: 0 success, 1 waiting, 2 processing, 3 failed, 4 notify failed. */
export interface PrefopResult {
  id: string;
  code: number;
  desc: string;
  inputKey: string;
  inputBucket: string;
  pipeline?: string;
  reqid?: string;
  type?: number;
  creationDate?: string;
  taskFrom?: string;
  items: PrefopItem[];
}

export interface CdnRefreshResult {
  code: number;
  error: string;
  requestId: string;
  invalidUrls: string[] | null;
  invalidDirs: string[] | null;
  urlQuotaDay?: number;
  urlSurplusDay?: number;
  dirQuotaDay?: number;
  dirSurplusDay?: number;
}

export interface CdnPrefetchResult {
  code: number;
  error: string;
  requestId: string;
  invalidUrls: string[] | null;
  quotaDay?: number;
  surplusDay?: number;
}

export interface CdnTaskListOptions {
  requestId?: string;
  urls?: string[];
  /** processing | success | failure */
  state?: string;
  pageNo?: number;
  pageSize?: number;
  /** "YYYY-MM-DD HH:MM:SS" */
  startTime?: string;
  endTime?: string;
}

export interface CdnTask {
  requestId?: string;
  taskId?: string;
  url: string;
  state: string;
  progress?: number;
  mode?: string;
  createAt?: string;
  beginAt?: string;
  endAt?: string;
}

export interface CdnTaskList {
  code: number;
  error?: string;
  items: CdnTask[];
  total?: number;
  pageNo?: number;
  pageSize?: number;
}

export type CdnGranularity = "5min" | "hour" | "day";

export interface CdnStatsOptions {
  domains: string[];
  /** YYYY-MM-DD */
  startDate: string;
  endDate: string;
  granularity: CdnGranularity;
  type?: string;
}

/** Points per domain and area; flux in bytes per point, bandwidth in bps. Domains without traffic are absent. */
export interface CdnStats {
  time: string[];
  data: Record<string, { china: number[]; oversea: number[] }>;
}

export interface CdnLogFile {
  name: string;
  size: number;
  mtime: number;
  url: string;
}

export interface CdnLogListOptions {
  /** YYYY-MM-DD */
  day: string;
  domains: string[];
}

export type CdnLogList = Record<string, CdnLogFile[]>;

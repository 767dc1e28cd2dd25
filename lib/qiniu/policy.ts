// Put policy (upload token payload) and token inspection (docs/qiniu-protocol.md §2). Pure: safe in the browser.
import { urlsafeBase64DecodeToString } from "./base64";
import { QiniuInputError } from "./errors";

/** Every field of Qiniu's put policy. https://developer.qiniu.com/kodo/1206/put-policy */
export interface PutPolicy {
  /** `bucket`, `bucket:key`, or `bucket:prefix` together with isPrefixalScope=1. */
  scope: string;
  /** 1 = the key part of scope is a prefix. */
  isPrefixalScope?: number;
  /** Unix seconds after which the token is invalid. */
  deadline: number;
  /** Non-zero = never overwrite an existing key (614). */
  insertOnly?: number;
  endUser?: string;
  /** Form upload success answers 303 to `<returnUrl>?upload_ret=…`. */
  returnUrl?: string;
  returnBody?: string;
  /** One URL, or several joined by `;`. */
  callbackUrl?: string;
  callbackHost?: string;
  callbackBody?: string;
  /** `application/x-www-form-urlencoded` (default) or `application/json`. */
  callbackBodyType?: string;
  /** Legacy. */
  callbackFetchKey?: number;
  /** Fops joined by `;`, each may end in `|saveas/<Entry>`. */
  persistentOps?: string;
  persistentNotifyUrl?: string;
  persistentPipeline?: string;
  /** 1 = idle-time task. */
  persistentType?: number;
  persistentWorkflowTemplateID?: string;
  saveKey?: string;
  forceSaveKey?: boolean;
  fsizeMin?: number;
  /** Larger uploads get 413. */
  fsizeLimit?: number;
  /** 1 = detect the MIME type from the content. */
  detectMime?: number;
  /** Allowed MIME types joined by `;`, wildcards allowed (`image/*;video/*`). */
  mimeLimit?: string;
  deleteAfterDays?: number;
  /** 0 standard, 1 IA, 2 archive, 3 deep archive, 4 archive-IR, 5 intelligent tiering. */
  fileType?: number;
  /** Allowed keys (at most 20). */
  keylimit?: string[];
  /** Upload speed limit in bit/s. */
  trafficLimit?: number;
  /** @deprecated */
  transform?: string;
  /** @deprecated */
  transformFallbackKey?: string;
  /** @deprecated */
  transformFallbackMode?: string;
}

/** Default token lifetime of every official SDK. */
export const DEFAULT_TOKEN_EXPIRES_SECONDS = 3600;

export interface DeadlineOptions {
  /** Lifetime in seconds from now; wins over a `deadline` in the policy. Default 3600 when the policy has no deadline. */
  expires?: number;
  /** Clock in milliseconds (like Date.now); injectable for tests. */
  now?: () => number;
}

/**
 * The policy object exactly as it will be serialised: fields in the caller's order with null/undefined dropped and
 * `deadline` last, like the Node SDK's `PutPolicy#getFlags` (so JSON.stringify gives the same bytes).
 */
export function finalizePutPolicy(policy: PutPolicy | Omit<PutPolicy, "deadline">, opts: DeadlineOptions = {}): PutPolicy {
  if (typeof policy.scope !== "string" || policy.scope === "") throw new QiniuInputError("The put policy needs a scope", "scope");
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(policy)) {
    if (k === "deadline" || v === null || v === undefined) continue;
    out[k] = v;
  }
  const given = (policy as Partial<PutPolicy>).deadline;
  let deadline: number;
  if (opts.expires !== undefined || given === undefined) {
    const expires = opts.expires ?? DEFAULT_TOKEN_EXPIRES_SECONDS;
    if (!Number.isFinite(expires) || expires <= 0) throw new QiniuInputError("Token lifetime must be a positive number of seconds", "expires");
    deadline = Math.floor((opts.now ?? Date.now)() / 1000) + Math.floor(expires);
  } else {
    deadline = given;
  }
  if (!Number.isSafeInteger(deadline) || deadline <= 0) throw new QiniuInputError("The put policy deadline must be unix seconds", "deadline");
  out.deadline = deadline;
  return out as unknown as PutPolicy;
}

export interface DecodedUploadToken {
  accessKey: string;
  sign: string;
  policy: PutPolicy;
  /** The third part exactly as it arrived: the HMAC covers this string. */
  encodedPolicy: string;
}

/** Splits an upload token at its LAST two ':' and decodes the policy. Does not verify the signature. */
export function decodeUploadToken(token: string): DecodedUploadToken {
  const last = token.lastIndexOf(":");
  const prev = last > 0 ? token.lastIndexOf(":", last - 1) : -1;
  if (last < 0 || prev <= 0) throw new QiniuInputError("Malformed upload token: expected <AK>:<sign>:<policy>", "token");
  const encodedPolicy = token.slice(last + 1);
  const sign = token.slice(prev + 1, last);
  const head = token.slice(0, prev);
  // qiniu-js also accepts a 4+ segment variant; the access key is then the first segment.
  const accessKey = head.includes(":") ? head.slice(0, head.indexOf(":")) : head;
  if (!accessKey || !sign || !encodedPolicy) throw new QiniuInputError("Malformed upload token: empty part", "token");
  let parsed: unknown;
  try {
    parsed = JSON.parse(urlsafeBase64DecodeToString(encodedPolicy));
  } catch (e) {
    throw new QiniuInputError(`Malformed upload token: the policy is not base64 JSON (${(e as Error).message})`, "token");
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) throw new QiniuInputError("Malformed upload token: the policy is not an object", "token");
  const policy = parsed as PutPolicy;
  if (typeof policy.scope !== "string" || typeof policy.deadline !== "number") {
    throw new QiniuInputError("Malformed upload token: the policy needs scope and deadline", "token");
  }
  checkPolicyFieldTypes(policy as unknown as Record<string, unknown>);
  return { accessKey, sign, policy, encodedPolicy };
}

type FieldType = "string" | "number" | "boolean" | "string[]";

// The JSON type of every policy field (Go SDK's PutPolicy). A correctly signed token can still carry `"callbackUrl": {}`
// or `"fsizeLimit": "1"`; whoever reads the policy must be able to trust the types, so such tokens are malformed.
const POLICY_FIELD_TYPES: Record<string, FieldType | FieldType[]> = {
  isPrefixalScope: "number",
  insertOnly: "number",
  endUser: "string",
  returnUrl: "string",
  returnBody: "string",
  callbackUrl: "string",
  callbackHost: "string",
  callbackBody: "string",
  callbackBodyType: "string",
  callbackFetchKey: "number",
  persistentOps: "string",
  persistentNotifyUrl: "string",
  persistentPipeline: "string",
  persistentType: "number",
  persistentWorkflowTemplateID: "string",
  saveKey: "string",
  forceSaveKey: ["boolean", "number"],
  fsizeMin: "number",
  fsizeLimit: "number",
  detectMime: "number",
  mimeLimit: "string",
  deleteAfterDays: "number",
  fileType: "number",
  keylimit: "string[]",
  trafficLimit: "number",
  transform: "string",
  transformFallbackKey: "string",
  transformFallbackMode: "string",
};

function hasType(value: unknown, type: FieldType): boolean {
  if (type === "string[]") return Array.isArray(value) && value.every((v) => typeof v === "string");
  if (type === "number") return typeof value === "number" && Number.isFinite(value);
  return typeof value === type;
}

function checkPolicyFieldTypes(policy: Record<string, unknown>): void {
  if (!Number.isFinite(policy.deadline)) throw new QiniuInputError("Malformed upload token: deadline must be a number", "token");
  for (const [field, expected] of Object.entries(POLICY_FIELD_TYPES)) {
    if (!Object.prototype.hasOwnProperty.call(policy, field)) continue;
    const value = policy[field];
    // SDKs leave unset fields out; a null is treated the same way.
    if (value === null) {
      delete policy[field];
      continue;
    }
    const types = Array.isArray(expected) ? expected : [expected];
    if (!types.some((t) => hasType(value, t))) {
      throw new QiniuInputError(
        `Malformed upload token: ${field} must be ${types.map((t) => (t === "string[]" ? "a list of strings" : `a ${t}`)).join(" or ")}`,
        "token",
      );
    }
  }
}

/** The bucket and optional key (or key prefix) of a scope. Splits at the first ':'. */
export function parseScope(scope: string): { bucket: string; key?: string } {
  const i = scope.indexOf(":");
  return i < 0 ? { bucket: scope } : { bucket: scope.slice(0, i), key: scope.slice(i + 1) };
}

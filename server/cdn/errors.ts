import "server-only";
// Fusion business codes (docs/qiniu-protocol.md §10) → clear, translated refusals instead of a generic "Qiniu error".
import { QiniuError } from "@/lib/qiniu/errors";
import { ActionFailure } from "@/server/actions/wrapper";
import { rememberFromBody } from "./quota";

function listOf(body: unknown, field: string): string[] {
  const v = body && typeof body === "object" ? (body as Record<string, unknown>)[field] : undefined;
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
}

/** Rethrows a CDN API failure as an ActionFailure with the reason; anything else unchanged. */
export function rethrowCdnError(err: unknown): never {
  if (!(err instanceof QiniuError) || err.code !== "cdn_error" || err.apiCode === undefined) throw err;
  rememberFromBody(err.body);
  const invalid = [...listOf(err.body, "invalidUrls"), ...listOf(err.body, "invalidDirs")].join(", ");
  const detail = invalid || err.message;
  switch (err.apiCode) {
    case 400031:
      throw new ActionFailure("cdn.invalid_url", "cdn.errors.invalidUrl", { detail });
    case 400032:
    case 400054:
      throw new ActionFailure("cdn.foreign_host", "cdn.errors.foreignHost", { detail });
    case 400033:
    case 400034:
    case 400035:
      throw new ActionFailure("cdn.quota", "cdn.errors.quota", { detail: err.message });
    case 400038:
      throw new ActionFailure("cdn.too_many", "cdn.errors.tooMany", { detail: err.message });
    default:
      throw new ActionFailure(`cdn.${err.apiCode}`, "cdn.errors.cdn", { code: err.apiCode, detail: err.message });
  }
}

/** Runs a CDN call, translating its business errors. */
export async function cdnCall<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    rethrowCdnError(err);
  }
}

// The upload callback's body: the template that goes into the token and the parser the callback route uses.
// Form-encoded on purpose: a QBox callback signature covers the body only for this type (docs/qiniu-protocol.md §3.1, §5),
// so an altered body fails verification. Values fixed at token time (batch, overwrite) are written into the template:
// they are signed into the token, unlike `x:` custom variables, which the uploader chooses.
import { z } from "zod";

export const CALLBACK_BODY_TYPE = "application/x-www-form-urlencoded";

/** Custom variables the page sends with each file (`x:` form fields / customVars); informational only. */
export const CUSTOM_VAR_RELATIVE_PATH = "x:relativePath";

export function callbackBodyTemplate(fixed: { batchId: string; userId: string; overwrite: boolean }): string {
  const literal = (v: string) => encodeURIComponent(v);
  return [
    "key=$(key)",
    "hash=$(etag)",
    "fsize=$(fsize)",
    "mimeType=$(mimeType)",
    "bucket=$(bucket)",
    "endUser=$(endUser)",
    "fname=$(fname)",
    "persistentId=$(persistentId)",
    `relativePath=$(${CUSTOM_VAR_RELATIVE_PATH})`,
    `batch=${literal(fixed.batchId)}`,
    `user=${literal(fixed.userId)}`,
    `overwrite=${fixed.overwrite ? 1 : 0}`,
  ].join("&");
}

/** How long after its token's deadline a callback is still taken (Qiniu calls back right after the upload completes). */
export const CALLBACK_GRACE_SECONDS = 300;

/**
 * Seals the token's deadline and the console's host into the signed callback body: a genuine callback replayed later,
 * or delivered to another console, is then recognisable (the QBox signature covers the body but not the host or time).
 */
export function sealCallbackBody(template: string, seal: { deadline: number; host: string }): string {
  return `${template}&deadline=${seal.deadline}&host=${encodeURIComponent(seal.host)}`;
}

/** What the storage service answers the browser when there is no callback (the same fields, as JSON). */
export const RETURN_BODY = '{"key":"$(key)","hash":"$(etag)","fsize":$(fsize),"mimeType":"$(mimeType)","bucket":"$(bucket)","persistentId":"$(persistentId)"}';

const callbackSchema = z.object({
  key: z.string().min(1),
  hash: z.string().min(1),
  fsize: z.coerce.number().int().nonnegative(),
  mimeType: z.string(),
  bucket: z.string().min(1),
  endUser: z.string(),
  fname: z.string().default(""),
  persistentId: z.string().default(""),
  relativePath: z.string().default(""),
  batch: z.string().default(""),
  user: z.string().default(""),
  overwrite: z.enum(["0", "1"]).default("0"),
  deadline: z.coerce.number().int().positive(),
  host: z.string().min(1),
});

export type CallbackFields = Omit<z.infer<typeof callbackSchema>, "overwrite"> & { overwrite: boolean };

/** Parses a (verified) callback body; null when a required field is missing or malformed. */
export function parseCallbackBody(body: string): CallbackFields | null {
  const params = new URLSearchParams(body);
  const raw: Record<string, string> = {};
  for (const [k, v] of params) if (!(k in raw)) raw[k] = v;
  const parsed = callbackSchema.safeParse(raw);
  if (!parsed.success) return null;
  return { ...parsed.data, overwrite: parsed.data.overwrite === "1" };
}

/** The JSON the console answers a verified callback with; Qiniu passes it through to the browser as the upload result. */
export interface CallbackResult {
  recorded: true;
  uploadId: string;
  key: string;
  hash: string;
  fsize: number;
  mimeType: string;
  bucket: string;
  persistentId?: string;
  recordedAt: string;
}

/** The no-callback return body as the browser receives it. */
export const returnBodySchema = z.object({
  key: z.string(),
  hash: z.string(),
  fsize: z.number().optional(),
  mimeType: z.string().optional(),
  bucket: z.string().optional(),
  persistentId: z.string().optional(),
  recorded: z.literal(true).optional(),
  uploadId: z.string().optional(),
  recordedAt: z.string().optional(),
});
export type UploadResult = z.infer<typeof returnBodySchema>;

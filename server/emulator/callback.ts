// Upload callbacks (docs/qiniu-protocol.md §5): POST the rendered callbackBody to callbackUrl (several URLs joined by ';'
// are tried in order), signed `QBox <AK>:<sign>` over "<path>[?query]\n" + body-if-form, with callbackHost as Host.
import { hmacSha1Base64Url } from "@/lib/qiniu/digest";
import { qboxSigningString } from "@/lib/qiniu/signing-strings";
import { OutboundRefused, outboundRequest, type OutboundPolicy } from "./outbound";

export interface CallbackSpec {
  urls: string[];
  host?: string;
  body: string;
  bodyType: string;
  accessKey: string;
  secretKey: string;
  timeoutMs: number;
  policy: OutboundPolicy;
}

export type CallbackOutcome = { ok: true; status: number; body: string } | { ok: false; url: string; errCode: number; error: string };

const MAX_CALLBACK_RESPONSE = 1024 * 1024;

export function callbackAuthorization(spec: Pick<CallbackSpec, "accessKey" | "secretKey" | "body" | "bodyType">, url: URL): string {
  const signing = qboxSigningString({ path: url.pathname + url.search, body: spec.body, contentType: spec.bodyType });
  return `QBox ${spec.accessKey}:${hmacSha1Base64Url(spec.secretKey, signing)}`;
}

export async function runCallback(spec: CallbackSpec): Promise<CallbackOutcome> {
  let last: CallbackOutcome = { ok: false, url: spec.urls[0] ?? "", errCode: 400, error: "no callback url" };
  for (const raw of spec.urls) {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      last = { ok: false, url: raw, errCode: 400, error: `invalid callback url ${raw}` };
      continue;
    }
    const headers: Record<string, string> = {
      "Content-Type": spec.bodyType,
      Authorization: callbackAuthorization(spec, url),
      "User-Agent": "qiniu-emulator-callback/1.0",
      "Content-Length": String(Buffer.byteLength(spec.body)),
    };
    if (spec.host) headers.Host = spec.host;
    try {
      const res = await outboundRequest(url.toString(), {
        policy: spec.policy,
        method: "POST",
        headers,
        body: spec.body,
        timeoutMs: spec.timeoutMs,
        maxBytes: MAX_CALLBACK_RESPONSE,
      });
      if (res.status >= 200 && res.status < 300) return { ok: true, status: res.status, body: res.body.toString("utf8") };
      last = { ok: false, url: raw, errCode: res.status, error: `callback server answered ${res.status}: ${res.body.toString("utf8").slice(0, 200)}` };
    } catch (err) {
      if (err instanceof OutboundRefused) {
        last = { ok: false, url: raw, errCode: 403, error: `Post ${raw}: callback target not allowed by the emulator (${err.message})` };
        continue;
      }
      last = { ok: false, url: raw, errCode: 502, error: `Post ${raw}: ${(err as Error).message}` };
    }
  }
  return last;
}

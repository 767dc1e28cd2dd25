// The variables an upload offers to saveKey, returnBody and callbackBody (docs/qiniu-protocol.md §5, Qiniu doc 1235/vars).
// Expensive ones (imageInfo, avinfo, bodySha1) are computed only when a template uses them.
import { createHash, randomUUID } from "node:crypto";
import { createReadStream } from "node:fs";
import path from "node:path";
import { probe } from "./pfop/av";
import { runImageInfo } from "./pfop/image";
import { dig, referencedVars, type VarLookup, type VarValue } from "./magic-vars";
import { extensionForMime } from "./mime-detect";

export interface UploadVarsInput {
  bucket: string;
  hash: string;
  fname: string;
  fsize: number;
  filePath: string;
  endUser?: string;
  customVars: Record<string, string>;
  now: Date;
}

const pad = (n: number) => String(n).padStart(2, "0");

export class UploadVars {
  key?: string;
  mimeType?: string;
  persistentId?: string;
  private computed = new Map<string, VarValue | undefined>();

  constructor(private readonly input: UploadVarsInput) {}

  /** Computes the expensive variables the given templates use. */
  async prepare(templates: (string | undefined)[]): Promise<void> {
    const roots = new Set(templates.flatMap((t) => referencedVars(t)).map((n) => n.split(".")[0]));
    const { filePath, fsize } = this.input;
    if (roots.has("imageInfo") && !this.computed.has("imageInfo")) {
      this.computed.set("imageInfo", await runImageInfo(filePath, fsize).catch(() => undefined));
    }
    if (roots.has("avinfo") && !this.computed.has("avinfo")) {
      const info = await probe(filePath, { timeoutMs: 30_000 }).catch(() => undefined);
      this.computed.set("avinfo", info ? avinfoVars(info as unknown as AvInfoLike) : undefined);
    }
    if (roots.has("bodySha1") && !this.computed.has("bodySha1")) {
      const h = createHash("sha1");
      for await (const chunk of createReadStream(filePath)) h.update(chunk as Buffer);
      this.computed.set("bodySha1", h.digest("hex"));
    }
  }

  /** `.jpg`: from the file name, else from the MIME type. */
  ext(): string {
    const fromName = path.extname(this.input.fname);
    if (fromName) return fromName;
    const e = this.mimeType ? extensionForMime(this.mimeType) : undefined;
    return e ? `.${e}` : "";
  }

  readonly lookup: VarLookup = (name) => {
    const { input } = this;
    if (name.startsWith("x:")) return input.customVars[name];
    const [root, ...rest] = name.split(".");
    if (rest.length > 0) return dig(this.computed.get(root), rest);
    const d = input.now;
    switch (name) {
      case "bucket":
        return input.bucket;
      case "key":
        return this.key;
      case "etag":
      case "hash":
        return input.hash;
      case "fname":
        return input.fname;
      case "fprefix":
        return path.basename(input.fname, path.extname(input.fname));
      case "ext":
        return this.ext();
      case "fsize":
        return input.fsize;
      case "mimeType":
        return this.mimeType;
      case "endUser":
        return input.endUser;
      case "persistentId":
        return this.persistentId;
      case "uuid":
        return randomUUID();
      case "year":
        return String(d.getFullYear());
      case "mon":
        return pad(d.getMonth() + 1);
      case "day":
        return pad(d.getDate());
      case "hour":
        return pad(d.getHours());
      case "min":
        return pad(d.getMinutes());
      case "sec":
        return pad(d.getSeconds());
      default:
        return this.computed.get(name);
    }
  };
}

interface AvInfoLike {
  format: Record<string, unknown>;
  streams: { codec_type?: string }[];
}

/** avinfo as a variable: the ffprobe-like JSON plus `video` / `audio` shortcuts (`$(avinfo.video.width)`). */
function avinfoVars(info: AvInfoLike): Record<string, unknown> {
  return {
    ...info,
    video: info.streams.find((s) => s.codec_type === "video"),
    audio: info.streams.find((s) => s.codec_type === "audio"),
  };
}

// A correctly signed token can still carry policy fields of the wrong JSON type (`"callbackUrl": {}`); whoever reads the
// policy (the emulator) must be able to trust the types, so decodeUploadToken refuses such tokens.
import { describe, expect, it } from "vitest";
import { urlsafeBase64Encode } from "@/lib/qiniu/base64";
import { QiniuInputError } from "@/lib/qiniu/errors";
import { decodeUploadToken } from "@/lib/qiniu/policy";

const token = (policy: Record<string, unknown>) => `ak:sign:${urlsafeBase64Encode(JSON.stringify(policy))}`;
const base = { scope: "b", deadline: 1_900_000_000 };

describe("decodeUploadToken field types", () => {
  it.each([
    ["callbackUrl", {}],
    ["persistentOps", 123],
    ["fsizeLimit", "1024"],
    ["insertOnly", true],
    ["keylimit", "a.txt"],
    ["keylimit", ["a", 1]],
    ["forceSaveKey", "yes"],
    ["returnBody", ["x"]],
  ])("refuses %s = %j", (field, value) => {
    expect(() => decodeUploadToken(token({ ...base, [field]: value }))).toThrow(QiniuInputError);
    expect(() => decodeUploadToken(token({ ...base, [field]: value }))).toThrow(new RegExp(field));
  });

  it("accepts the right types, treats null as absent and ignores unknown fields", () => {
    const d = decodeUploadToken(
      token({ ...base, callbackUrl: "http://x/cb", fsizeLimit: 10, keylimit: ["a"], forceSaveKey: true, insertOnly: 1, returnBody: null, futureField: {} }),
    );
    expect(d.policy).toMatchObject({ callbackUrl: "http://x/cb", fsizeLimit: 10, keylimit: ["a"], forceSaveKey: true, insertOnly: 1 });
    expect("returnBody" in d.policy).toBe(false);
  });
});

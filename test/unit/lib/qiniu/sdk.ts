// The official Node SDK, used as the oracle in these tests (devDependency only).
import qiniu from "qiniu";

export { qiniu };

export function mac(accessKey = "test-ak", secretKey = "test-sk") {
  return new qiniu.auth.digest.Mac(accessKey, secretKey);
}

export const creds = { accessKey: "test-ak", secretKey: "test-sk" };

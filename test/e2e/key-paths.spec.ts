// Red-team finding: a viewer scoped to "docs/" previewed "docs/../secret/other.txt" and got "secret/other.txt",
// because the scope was checked on the literal key and the fetch collapsed "..". Over the running app's real action
// endpoint, as that scoped viewer: preview and link answer the literal key's content, never the other key's.
import { expect, request as playwrightRequest, test, type APIRequestContext } from "@playwright/test";
import { emulatorSdk } from "../support/buckets-e2e";
import { E2E_USERS, e2eBaseUrl, signInOverHttp } from "../support/e2e-login";
import { getRoute, readPath } from "../support/read-routes";
import { builtActions, callAction, type BuiltAction } from "../support/server-action-http";

const base = e2eBaseUrl();
const PUB = "e2e-dots";
const PRIV = "e2e-dots-private";
const KEYS = ["docs/../secret/other.txt", "docs/%2e%2e/secret/other.txt", "docs/./secret/other.txt"];
type Result = { ok: boolean; data?: Record<string, unknown>; error?: { code: string } };

let built: BuiltAction[];
const action = (name: string) => built.find((a) => a.filename === "server/actions/objects.ts" && a.exportedName === name)!;

async function signedIn(creds: { email: string; password: string }): Promise<APIRequestContext> {
  const ctx = await playwrightRequest.newContext();
  expect(await signInOverHttp(ctx, creds)).toEqual({ ok: true });
  return ctx;
}

test("a viewer scoped to docs/ reads the literal key docs/../secret/other.txt, never secret/other.txt", async () => {
  built = builtActions();
  const sdk = await emulatorSdk();
  await sdk.createBucket(PUB);
  await sdk.createBucket(PRIV, { private: true });
  for (const bucket of [PUB, PRIV]) {
    await sdk.upload(bucket, "secret/other.txt", "THE SECRET");
    for (const key of KEYS) await sdk.upload(bucket, key, `literal ${key}`);
  }
  const admin = await signedIn(E2E_USERS.admin);
  const createUser = built.find((a) => a.filename === "server/actions/users.ts" && a.exportedName === "createUser")!;
  const creds = { email: `dots-${Date.now()}@e2e.test`, password: "dots-viewer-password-1" };
  const scopes = [PUB, PRIV].map((bucket) => ({ bucket, prefix: "docs/" }));
  expect(((await callAction(admin, base, createUser, [{ ...creds, role: "viewer", scopes }])).result as Result).ok).toBe(true);
  const viewer = await signedIn(creds);
  const call = async (name: string, input: unknown) => (await callAction(viewer, base, action(name), [input])).result as Result;
  // The preview is a GET route (server/buckets/reads.ts); the key travels in the query string, where ".." is just text.
  const preview = async (bucket: string, key: string) => (await getRoute(viewer, base, readPath("preview", bucket), { key })) as Result;
  try {
    for (const bucket of [PUB, PRIV]) {
      for (const key of KEYS) {
        expect(await preview(bucket, key), `${bucket}:${key}`).toMatchObject({ ok: true, data: { text: `literal ${key}` } });
        const link = await call("getObjectUrl", { bucket, key, download: false });
        expect(link.ok).toBe(true);
        expect(await (await fetch(String(link.data!.url))).text(), `${bucket}:${key}`).toBe(`literal ${key}`);
      }
      expect((await preview(bucket, "secret/other.txt")).error?.code).toBe("forbidden");
    }
  } finally {
    await Promise.all([viewer.dispose(), admin.dispose()]);
  }
});

import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { e2eServerEnv } from "../support/e2e-env";
import { loginAs } from "../support/e2e-login";

// House rule 2: the Secret Key (here the emulator's distinctive test secret) and the session secret never reach a browser.
const secrets = [e2eServerEnv().EMULATOR_SECRET_KEY, e2eServerEnv().NEXTAUTH_SECRET];
const pages = ["/buckets", "/upload", "/batch", "/processing", "/cdn", "/audit", "/users", "/login"];

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

test("no client bundle contains a secret", () => {
  const staticDir = path.join(process.env.NEXT_DIST_DIR ?? ".next", "static");
  const files = filesUnder(staticDir);
  expect(files.filter((f) => f.endsWith(".js")).length).toBeGreaterThan(5);
  for (const file of files) {
    const text = readFileSync(file, "latin1");
    for (const secret of secrets) expect(text.includes(secret), `${file} contains a secret`).toBe(false);
  }
});

test("no served page or RSC payload contains a secret", async ({ page }) => {
  await loginAs(page, "admin");
  for (const url of pages) {
    for (const headers of [{}, { RSC: "1" }] as Record<string, string>[]) {
      const res = await page.request.get(url, { headers });
      const body = await res.text();
      expect(body.length, `${url} answered`).toBeGreaterThan(100);
      for (const secret of secrets) expect(body.includes(secret), `${url} ${JSON.stringify(headers)} leaks a secret`).toBe(false);
    }
  }
});

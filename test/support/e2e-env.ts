// Settings shared by the Playwright config, its web server and the e2e tests. The ports are chosen once per run by
// scripts/test.mjs (free ports) and passed down in the environment; the defaults serve a manual `npx playwright test`.
export const E2E_ADMIN = { email: "admin@e2e.test", password: "e2e-admin-password-1" };

export function e2ePort(): number {
  return Number(process.env.E2E_PORT ?? 3100);
}

/** The test single sign-on provider (test/support/oidc-provider.ts), a second web server next to the console. */
export const E2E_OIDC = { clientId: "console-e2e", clientSecret: "e2e-oidc-client-secret-5d1c", name: "Test IdP" };

/** Anti-leech buckets and keys of the e2e emulator (EMULATOR_CDN_ANTILEECH below). */
export const E2E_ANTILEECH = {
  publicBucket: "e2e-leech",
  privateBucket: "e2e-leech-private",
  primary: "e2e-leech-primary-7c1",
  backup: "e2e-leech-backup-9d2",
};
/** Group claims the test IdP can send, and what the console makes of them. */
export const E2E_OIDC_MAPPING = [
  { claim: "groups", value: "console-ops", role: "ops", scopes: ["demo-public"] },
  { claim: "groups", value: "console-viewers", role: "viewer" },
];

export function e2eOidcPort(): number {
  return Number(process.env.E2E_OIDC_PORT ?? e2ePort() + 1);
}

export function e2eServerEnv(): Record<string, string> {
  return {
    PORT: String(e2ePort()),
    HOSTNAME: "127.0.0.1",
    CONSOLE_HOME: process.env.E2E_HOME ?? ".data-e2e",
    EMULATOR_PORT: process.env.E2E_EMULATOR_PORT ?? "19400",
    EMULATOR_SECRET_KEY: "e2e-EMULATOR-SECRET-do-not-leak-7f3a9c",
    // The fetch-URL dialog tests fetch from the emulator's own loopback domains; npm start never sets this.
    EMULATOR_ALLOW_LOOPBACK_FETCH: "1",
    // Timestamp anti-leech on the buckets test/e2e/cdn-antileech.spec.ts makes (primary|backup key); no other bucket.
    EMULATOR_CDN_ANTILEECH: `${E2E_ANTILEECH.publicBucket}=${E2E_ANTILEECH.primary}|${E2E_ANTILEECH.backup},${E2E_ANTILEECH.privateBucket}=${E2E_ANTILEECH.primary}`,
    // CDN alerts (test/e2e/cdn-alerts.spec.ts): evaluated every 2 s, webhooks to the test's loopback receiver.
    CONSOLE_ALERTS_INTERVAL_SECONDS: "2",
    CONSOLE_ALERTS_ALLOW_LOOPBACK: "1",
    CONSOLE_ADMIN_EMAIL: E2E_ADMIN.email,
    CONSOLE_ADMIN_PASSWORD: E2E_ADMIN.password,
    NEXTAUTH_SECRET: "e2e-nextauth-secret-0123456789abcdef0123456789",
    NEXT_TELEMETRY_DISABLED: "1",
    OIDC_ISSUER: `http://127.0.0.1:${e2eOidcPort()}`,
    OIDC_CLIENT_ID: E2E_OIDC.clientId,
    OIDC_CLIENT_SECRET: E2E_OIDC.clientSecret,
    OIDC_NAME: E2E_OIDC.name,
    // Only identities sending these groups are affected (test/e2e/auth-sso-mapping.spec.ts); others sign in as before.
    OIDC_ROLE_MAPPING: JSON.stringify(E2E_OIDC_MAPPING),
    OIDC_CREATE_USERS: "1",
  };
}

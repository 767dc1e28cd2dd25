// Runs the test OIDC provider as a process (a Playwright web server): node --import tsx test/support/oidc-provider-main.ts
import { E2E_OIDC, e2eOidcPort } from "./e2e-env";
import { startOidcProvider } from "./oidc-provider";

startOidcProvider({ port: e2eOidcPort(), clientId: E2E_OIDC.clientId, clientSecret: E2E_OIDC.clientSecret }).then(
  (p) => {
    process.stdout.write(`[oidc] test provider at ${p.issuer}\n`);
    const stop = () => p.stop().then(() => process.exit(0));
    process.on("SIGTERM", stop);
    process.on("SIGINT", stop);
  },
  (err) => {
    console.error(err);
    process.exit(1);
  },
);

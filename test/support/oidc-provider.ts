// A tiny OpenID Connect provider on loopback for single sign-on tests: discovery, an authorization page that asks
// for an e-mail address (no password: it stands in for a company IdP), code + PKCE (S256) exchange with client
// secret (basic or post), RS256 id_tokens and a JWKS. Real HTTP and real signatures, so next-auth's openid-client
// verifies everything as it would against a real provider.
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface OidcProviderOptions {
  port?: number;
  host?: string;
  clientId: string;
  clientSecret: string;
}

export interface RunningOidcProvider {
  issuer: string;
  stop(): Promise<void>;
}

interface PendingCode {
  email: string;
  /** The `groups` claim (for role mapping tests): comma-separated on the form. */
  groups: string[];
  clientId: string;
  redirectUri: string;
  codeChallenge?: string;
  nonce?: string;
  expires: number;
}

const b64url = (data: Buffer | string) => Buffer.from(data).toString("base64url");
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function signJwt(key: KeyObject, kid: string, claims: Record<string, unknown>): string {
  const head = b64url(JSON.stringify({ alg: "RS256", typ: "JWT", kid }));
  const body = b64url(JSON.stringify(claims));
  return `${head}.${body}.${b64url(sign("RSA-SHA256", Buffer.from(`${head}.${body}`), key))}`;
}

async function readForm(req: http.IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

function json(res: http.ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "Content-Type": "application/json", "Cache-Control": "no-store" });
  res.end(JSON.stringify(body));
}

function clientAuth(req: http.IncomingMessage, form: URLSearchParams): { id?: string; secret?: string } {
  const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? "");
  if (basic) {
    const [id, secret] = Buffer.from(basic[1], "base64").toString("utf8").split(":").map(decodeURIComponent);
    return { id, secret };
  }
  return { id: form.get("client_id") ?? undefined, secret: form.get("client_secret") ?? undefined };
}

export async function startOidcProvider(opts: OidcProviderOptions): Promise<RunningOidcProvider> {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const kid = randomBytes(8).toString("hex");
  const codes = new Map<string, PendingCode>();
  let issuer = "";

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", issuer);
    try {
      if (url.pathname === "/.well-known/openid-configuration") {
        return json(res, 200, {
          issuer,
          authorization_endpoint: `${issuer}/authorize`,
          token_endpoint: `${issuer}/token`,
          jwks_uri: `${issuer}/jwks`,
          response_types_supported: ["code"],
          subject_types_supported: ["public"],
          id_token_signing_alg_values_supported: ["RS256"],
          code_challenge_methods_supported: ["S256"],
          token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post"],
          scopes_supported: ["openid", "email", "profile"],
        });
      }
      if (url.pathname === "/jwks") return json(res, 200, { keys: [{ ...publicKey.export({ format: "jwk" }), kid, use: "sig", alg: "RS256" }] });
      if (url.pathname === "/authorize" && req.method === "GET") {
        const p = url.searchParams;
        if (p.get("client_id") !== opts.clientId || p.get("response_type") !== "code") return json(res, 400, { error: "invalid_request" });
        const hidden = ["client_id", "redirect_uri", "state", "code_challenge", "code_challenge_method", "nonce"]
          .filter((k) => p.has(k))
          .map((k) => `<input type="hidden" name="${k}" value="${escapeHtml(p.get(k)!)}">`)
          .join("");
        res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
        return res.end(
          `<!doctype html><title>Test IdP</title><form method="post" action="/authorize">${hidden}` +
            `<label>Email <input name="email" data-testid="idp-email"></label>` +
            `<label>Groups <input name="groups" data-testid="idp-groups"></label><button data-testid="idp-submit">Continue</button></form>`,
        );
      }
      if (url.pathname === "/authorize" && req.method === "POST") {
        const form = await readForm(req);
        const redirectUri = form.get("redirect_uri") ?? "";
        const code = randomBytes(16).toString("hex");
        codes.set(code, {
          email: form.get("email") ?? "",
          groups: (form.get("groups") ?? "")
            .split(",")
            .map((g) => g.trim())
            .filter(Boolean),
          clientId: form.get("client_id") ?? "",
          redirectUri,
          codeChallenge: form.get("code_challenge") ?? undefined,
          nonce: form.get("nonce") ?? undefined,
          expires: Date.now() + 60_000,
        });
        const back = new URL(redirectUri);
        back.searchParams.set("code", code);
        if (form.get("state")) back.searchParams.set("state", form.get("state")!);
        back.searchParams.set("iss", issuer);
        res.writeHead(302, { Location: back.toString() });
        return res.end();
      }
      if (url.pathname === "/token" && req.method === "POST") {
        const form = await readForm(req);
        const client = clientAuth(req, form);
        if (client.id !== opts.clientId || client.secret !== opts.clientSecret) return json(res, 401, { error: "invalid_client" });
        const pending = codes.get(form.get("code") ?? "");
        codes.delete(form.get("code") ?? "");
        if (!pending || pending.expires < Date.now() || pending.clientId !== client.id || pending.redirectUri !== form.get("redirect_uri")) {
          return json(res, 400, { error: "invalid_grant" });
        }
        if (pending.codeChallenge) {
          const verifier = form.get("code_verifier") ?? "";
          if (b64url(createHash("sha256").update(verifier).digest()) !== pending.codeChallenge)
            return json(res, 400, { error: "invalid_grant", error_description: "PKCE" });
        }
        const now = Math.floor(Date.now() / 1000);
        const sub = createHash("sha256").update(pending.email).digest("hex").slice(0, 24);
        const idToken = signJwt(privateKey, kid, {
          iss: issuer,
          aud: opts.clientId,
          sub,
          email: pending.email,
          email_verified: true,
          name: pending.email.split("@")[0],
          ...(pending.groups.length > 0 ? { groups: pending.groups } : {}),
          iat: now,
          exp: now + 300,
          ...(pending.nonce ? { nonce: pending.nonce } : {}),
        });
        return json(res, 200, {
          access_token: randomBytes(16).toString("hex"),
          token_type: "Bearer",
          expires_in: 300,
          id_token: idToken,
          scope: "openid email profile",
        });
      }
      json(res, 404, { error: "not_found" });
    } catch (err) {
      json(res, 500, { error: "server_error", error_description: (err as Error).message });
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, opts.host ?? "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  issuer = `http://${opts.host ?? "127.0.0.1"}:${port}`;
  return {
    issuer,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections(); // keep-alive connections from the console would hold close() open
      }),
  };
}

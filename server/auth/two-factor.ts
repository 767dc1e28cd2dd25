import "server-only";
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from "node:crypto";
import { generateSecret, generateURI, verify } from "otplib";
import { getConfig } from "@/server/config";
import type { Db, Queryable } from "@/server/db";

// Two-factor sign-in with TOTP (RFC 6238: 6 digits, 30 s, SHA-1 — what every authenticator app speaks) and one-time
// recovery codes. The secret is encrypted at rest with a key derived from NEXTAUTH_SECRET and never leaves the server
// after enrolment; recovery codes are stored as keyed hashes only.

const RECOVERY_CODE_COUNT = 10;
const ISSUER = "Qiniu Console";
// One time step either side: a phone clock a little off still works, and an accepted step is never accepted again.
const TOLERANCE_SECONDS = 30;

let keys: { enc: Buffer; mac: Buffer } | undefined;
let masterSecret: string | undefined;

/** Tests without a full configuration name the secret the keys derive from (default: NEXTAUTH_SECRET). */
export function setTwoFactorSecret(secret: string): void {
  masterSecret = secret;
  keys = undefined;
}

function secretKeys(): { enc: Buffer; mac: Buffer } {
  if (!keys) {
    const master = Buffer.from(masterSecret ?? getConfig().auth.secret, "utf8");
    keys = {
      enc: Buffer.from(hkdfSync("sha256", master, "qiniu-console", "totp-secret-encryption", 32)),
      mac: Buffer.from(hkdfSync("sha256", master, "qiniu-console", "recovery-code-hash", 32)),
    };
  }
  return keys;
}

function encrypt(plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", secretKeys().enc, iv);
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return `v1.${iv.toString("base64url")}.${body.toString("base64url")}.${cipher.getAuthTag().toString("base64url")}`;
}

function decrypt(stored: string): string | null {
  const [v, iv, body, tag] = stored.split(".");
  if (v !== "v1" || !iv || !body || !tag) return null;
  try {
    const decipher = createDecipheriv("aes-256-gcm", secretKeys().enc, Buffer.from(iv, "base64url"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    return null; // NEXTAUTH_SECRET changed, or the value was tampered with
  }
}

const normalizeRecoveryCode = (code: string) => code.toLowerCase().replace(/[^a-z0-9]/g, "");
const hashRecoveryCode = (code: string) => createHmac("sha256", secretKeys().mac).update(normalizeRecoveryCode(code)).digest("base64url");

// No look-alike characters, like generated passwords.
const CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";
function newRecoveryCode(): string {
  const out: string[] = [];
  while (out.length < 10) {
    for (const byte of randomBytes(20)) if (byte < 256 - (256 % CODE_ALPHABET.length) && out.length < 10) out.push(CODE_ALPHABET[byte % CODE_ALPHABET.length]);
  }
  return `${out.slice(0, 5).join("")}-${out.slice(5).join("")}`;
}

export interface TwoFactorStatus {
  enabled: boolean;
  enabledAt: Date | null;
  recoveryCodesLeft: number;
}

export async function twoFactorStatus(q: Queryable, userId: string): Promise<TwoFactorStatus> {
  const [row] = await q.query<{ totp_enabled_at: Date | null; left: number }>(
    `SELECT u.totp_enabled_at, (SELECT count(*)::int FROM recovery_codes r WHERE r.user_id = u.id AND r.used_at IS NULL) AS left
     FROM users u WHERE u.id = $1 AND u.totp_secret IS NOT NULL`,
    [userId],
  );
  return { enabled: Boolean(row), enabledAt: row?.totp_enabled_at ?? null, recoveryCodesLeft: row?.left ?? 0 };
}

/** The ids of users with two-factor sign-in on (for the Users page). */
export async function usersWithTwoFactor(q: Queryable): Promise<Set<string>> {
  const rows = await q.query<{ id: string }>("SELECT id FROM users WHERE totp_secret IS NOT NULL");
  return new Set(rows.map((r) => r.id));
}

export interface Enrolment {
  /** Base32, for typing into an app by hand. */
  secret: string;
  /** The otpauth URI; the browser draws it as a QR code (components/auth/two-factor-panel.tsx). */
  uri: string;
}

/** A new secret for `user`, kept pending until confirmEnrolment sees a code from it. */
export async function startEnrolment(q: Queryable, user: { id: string; email: string }): Promise<Enrolment> {
  const secret = generateSecret();
  await q.query("UPDATE users SET totp_pending_secret = $2 WHERE id = $1", [user.id, encrypt(secret)]);
  return { secret, uri: generateURI({ issuer: ISSUER, label: user.email, secret }) };
}

async function matchingStep(secret: string, token: string, afterTimeStep: number | null, now: Date): Promise<number | null> {
  if (!/^\d{6}$/.test(token)) return null;
  const result = await verify({
    secret,
    token,
    epoch: Math.floor(now.getTime() / 1000),
    epochTolerance: TOLERANCE_SECONDS,
    ...(afterTimeStep !== null ? { afterTimeStep } : {}),
  });
  return result.valid && "timeStep" in result ? result.timeStep : null;
}

/** Turns the pending secret on when `code` comes from it; returns the recovery codes (shown once) or null. */
export async function confirmEnrolment(db: Db, userId: string, code: string, now = new Date()): Promise<string[] | null> {
  return db.transaction(async (tx) => {
    const [row] = await tx.query<{ totp_pending_secret: string | null }>("SELECT totp_pending_secret FROM users WHERE id = $1 FOR UPDATE", [userId]);
    const secret = row?.totp_pending_secret ? decrypt(row.totp_pending_secret) : null;
    if (!secret) return null;
    const step = await matchingStep(secret, code.replace(/\s/g, ""), null, now);
    if (step === null) return null;
    await tx.query("UPDATE users SET totp_secret = totp_pending_secret, totp_pending_secret = NULL, totp_enabled_at = $2, totp_last_step = $3 WHERE id = $1", [
      userId,
      now,
      step,
    ]);
    return replaceRecoveryCodes(tx, userId);
  });
}

async function replaceRecoveryCodes(q: Queryable, userId: string): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  await q.query("DELETE FROM recovery_codes WHERE user_id = $1", [userId]);
  for (const code of codes)
    await q.query("INSERT INTO recovery_codes (user_id, code_hash) VALUES ($1, $2) ON CONFLICT DO NOTHING", [userId, hashRecoveryCode(code)]);
  return codes;
}

/** Fresh recovery codes (the old ones stop working), for a user with two-factor sign-in on. */
export async function regenerateRecoveryCodes(db: Db, userId: string): Promise<string[] | null> {
  return db.transaction(async (tx) => ((await twoFactorStatus(tx, userId)).enabled ? replaceRecoveryCodes(tx, userId) : null));
}

/** Turns two-factor sign-in off for a user (admin reset, or the user themselves); returns whether it was on. */
export async function removeTwoFactor(q: Queryable, userId: string): Promise<boolean> {
  const rows = await q.query(
    `UPDATE users SET totp_secret = NULL, totp_pending_secret = NULL, totp_enabled_at = NULL, totp_last_step = NULL
     WHERE id = $1 AND (totp_secret IS NOT NULL OR totp_pending_secret IS NOT NULL) RETURNING id`,
    [userId],
  );
  await q.query("DELETE FROM recovery_codes WHERE user_id = $1", [userId]);
  return rows.length > 0;
}

export type SecondFactorCheck = "none" | "required" | "invalid" | "totp" | "recovery";

/**
 * The second step of a password sign-in. "none": the user has no second factor. A 6-digit code is a TOTP code (a time
 * step at or before the last accepted one is refused: no replay); anything else is tried as a recovery code, spent
 * on use.
 */
export async function checkSecondFactor(db: Db, userId: string, otp: string | undefined, now: Date): Promise<SecondFactorCheck> {
  const [row] = await db.query<{ totp_secret: string | null; totp_last_step: string | number | null }>(
    "SELECT totp_secret, totp_last_step FROM users WHERE id = $1",
    [userId],
  );
  if (!row?.totp_secret) return "none";
  const given = (otp ?? "").trim();
  if (!given) return "required";
  const compact = given.replace(/\s/g, "");
  if (/^\d{6}$/.test(compact)) {
    const secret = decrypt(row.totp_secret);
    const last = row.totp_last_step === null ? null : Number(row.totp_last_step);
    const step = secret ? await matchingStep(secret, compact, last, now) : null;
    if (step === null) return "invalid";
    // Two sign-ins racing with one code: only the first moves the step forward.
    const moved = await db.query("UPDATE users SET totp_last_step = $2 WHERE id = $1 AND (totp_last_step IS NULL OR totp_last_step < $2) RETURNING id", [
      userId,
      step,
    ]);
    return moved.length > 0 ? "totp" : "invalid";
  }
  const spent = await db.query("UPDATE recovery_codes SET used_at = now() WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL RETURNING user_id", [
    userId,
    hashRecoveryCode(given),
  ]);
  return spent.length > 0 ? "recovery" : "invalid";
}

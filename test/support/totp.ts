// TOTP codes for e2e tests, from the key the enrolment page shows (otplib, as an authenticator app would compute them).
import { generate } from "otplib";

/** The code for `offsetSteps` time steps after `epochSeconds` (the server accepts one step either side of now). */
export function totpCode(secret: string, epochSeconds: number, offsetSteps = 0): Promise<string> {
  return generate({ secret, epoch: epochSeconds + offsetSteps * 30 });
}

"use client";

import { useRouter } from "next/navigation";
import QRCode from "qrcode";
import { useState, type FormEvent } from "react";
import { useT } from "@/components/i18n-provider";
import { buttonClass, inputClass, primaryClass } from "@/components/ui/field-styles";
import { confirmTwoFactor, newRecoveryCodes, startTwoFactorEnrolment } from "@/server/actions/account";
import { RecoveryCodes } from "./recovery-codes";

type Enrolment = { secret: string; qr: string };

/** Two-step verification on the account page: enrolment (QR code + key, confirmed by a code) and recovery codes. */
export function TwoFactorPanel({ enabled, recoveryLeft }: { enabled: boolean; recoveryLeft: number }) {
  const t = useT();
  const router = useRouter();
  const [enrolment, setEnrolment] = useState<Enrolment>();
  const [codes, setCodes] = useState<string[]>();
  const [error, setError] = useState<string>();
  const [pending, setPending] = useState(false);

  async function start() {
    setPending(true);
    setError(undefined);
    const result = await startTwoFactorEnrolment({});
    setPending(false);
    if (!result.ok) return setError(result.error.message);
    // Drawn here from the otpauth URI: the key never goes to a third-party QR service.
    setEnrolment({ secret: result.data.secret, qr: await QRCode.toDataURL(result.data.uri, { margin: 1, width: 200 }) });
  }

  async function submitCode(e: FormEvent<HTMLFormElement>, call: typeof confirmTwoFactor | typeof newRecoveryCodes) {
    e.preventDefault();
    const code = String(new FormData(e.currentTarget).get("code") ?? "");
    setPending(true);
    setError(undefined);
    const result = await call({ code });
    setPending(false);
    if (!result.ok) return setError(result.error.message);
    setEnrolment(undefined);
    setCodes(result.data.recoveryCodes);
  }

  if (codes) {
    return (
      <RecoveryCodes
        codes={codes}
        onDone={() => {
          setCodes(undefined);
          router.refresh();
        }}
      />
    );
  }
  const errorLine = error && (
    <p role="status" className="text-sm text-red-600" data-testid="twofa-error">
      {error}
    </p>
  );
  const codeForm = (call: typeof confirmTwoFactor, label: string, testId: string) => (
    <form onSubmit={(e) => submitCode(e, call)} className="flex flex-wrap items-end gap-2" data-testid={testId}>
      <label className="block text-sm font-medium">
        {t("auth.twoFactor.code")}
        <input name="code" required inputMode="numeric" autoComplete="one-time-code" maxLength={10} className={inputClass} data-testid="twofa-code" />
      </label>
      <button type="submit" disabled={pending} className={primaryClass} data-testid="twofa-confirm">
        {label}
      </button>
    </form>
  );

  if (enabled) {
    return (
      <div className="space-y-3 text-sm">
        <p>
          <span className="font-medium text-green-700 dark:text-green-400" data-testid="twofa-status">
            {t("auth.twoFactor.on")}
          </span>{" "}
          · <span data-testid="recovery-left">{t("auth.twoFactor.recoveryLeft", { count: recoveryLeft })}</span>
        </p>
        <p className="text-slate-500">{t("auth.twoFactor.newCodesHint")}</p>
        {codeForm(newRecoveryCodes, t("auth.twoFactor.newCodes"), "twofa-new-codes")}
        {errorLine}
      </div>
    );
  }
  return (
    <div className="space-y-3 text-sm">
      <p>
        <span className="font-medium" data-testid="twofa-status">
          {t("auth.twoFactor.off")}
        </span>{" "}
        — {t("auth.twoFactor.intro")}
      </p>
      {enrolment ? (
        <div className="space-y-3">
          <p>{t("auth.twoFactor.scan")}</p>
          {/* eslint-disable-next-line @next/next/no-img-element */}
          <img src={enrolment.qr} alt="QR" width={200} height={200} className="rounded border border-slate-200 bg-white" data-testid="twofa-qr" />
          <p>
            {t("auth.twoFactor.key")}:{" "}
            <code className="select-all break-all font-mono" data-testid="twofa-secret">
              {enrolment.secret}
            </code>
          </p>
          {codeForm(confirmTwoFactor, t("auth.twoFactor.confirm"), "twofa-enrol-form")}
        </div>
      ) : (
        <button type="button" onClick={start} disabled={pending} className={buttonClass} data-testid="twofa-start">
          {t("auth.twoFactor.start")}
        </button>
      )}
      {errorLine}
    </div>
  );
}

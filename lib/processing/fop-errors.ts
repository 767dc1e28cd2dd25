// Fop syntax errors in the user's language, from the parser's structured fields (lib/processing/fop-syntax).
import type { FopSyntaxError } from "@/lib/processing/fop-syntax";
import type { Translate } from "@/lib/i18n/engine";
import type { MessageKey } from "@/lib/i18n/translate";

/** The message key and variables for an error (the server action passes these to ActionFailure). */
export function fopErrorMessage(err: FopSyntaxError): { key: MessageKey; vars: Record<string, string> } {
  return {
    key: `processing.fopErrors.${err.code}`,
    vars: { fop: err.fop ?? "", param: err.param ?? "", value: err.value ?? "", expected: err.expected ?? "" },
  };
}

export function describeFopError(t: Translate, err: FopSyntaxError): string {
  const { key, vars } = fopErrorMessage(err);
  return t(key, vars);
}

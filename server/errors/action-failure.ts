import type { MessageKey } from "@/lib/i18n/translate";

/** A refusal or failure a handler reports on purpose; `messageKey` is shown translated. */
export class ActionFailure extends Error {
  constructor(
    readonly code: string,
    readonly messageKey: MessageKey,
    readonly vars?: Record<string, string | number>,
    /** Field name → message key, shown next to the field. */
    readonly fields?: Record<string, MessageKey>,
    /** Qiniu's request id, when the failure is Qiniu's answer retold. */
    readonly reqId?: string,
  ) {
    super(code);
    this.name = "ActionFailure";
  }
}

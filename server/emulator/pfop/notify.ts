// notifyURL: Qiniu POSTs the prefop JSON (Content-Type: application/json, unsigned) once every fop has finished (§9).

export interface NotifyOptions {
  isAllowed: (url: string) => boolean | Promise<boolean>;
  timeoutMs: number;
  attempts: number;
  retryDelayMs: number;
  signal: AbortSignal;
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => (clearTimeout(timer), resolve()), { once: true });
  });

/** Returns undefined on a 2xx answer, else why the notification failed (after the retries). */
export async function postNotification(url: string, body: unknown, opts: NotifyOptions): Promise<string | undefined> {
  if (!(await opts.isAllowed(url))) return `notifyURL ${url} is not an allowed destination for the emulator`;
  let reason = "not attempted";
  for (let attempt = 1; attempt <= opts.attempts; attempt++) {
    if (opts.signal.aborted) return "emulator shutting down";
    try {
      const res = await fetch(url, {
        method: "POST",
        headers: { "Content-Type": "application/json", "User-Agent": "qiniu-emulator-pfop" },
        body: JSON.stringify(body),
        // no redirects: the allow-list check applies to the URL we were given, not to where it points
        redirect: "manual",
        signal: AbortSignal.any([opts.signal, AbortSignal.timeout(opts.timeoutMs)]),
      });
      await res.arrayBuffer().catch(() => undefined);
      if (res.status >= 200 && res.status < 300) return undefined;
      reason = `notifyURL answered HTTP ${res.status}`;
    } catch (e) {
      reason = `notifyURL unreachable: ${e instanceof Error ? (e.cause instanceof Error ? e.cause.message : e.message) : String(e)}`;
    }
    if (attempt < opts.attempts) await sleep(opts.retryDelayMs * attempt, opts.signal);
  }
  return reason;
}

"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { z } from "zod";
import { ResultError } from "@/lib/actions/result";
import type { Locale } from "@/lib/i18n/locales";
import type { DisplayTimeZone } from "@/lib/i18n/time-zone";
import { I18nProvider } from "./i18n-provider";

// zod probes `new Function` once to pick its fast path; under the console's CSP (no eval) the probe fails, which is fine,
// but the browser reports it as a CSP violation. Tell zod up front, in the browser only (the server keeps the fast path).
if (typeof window !== "undefined") z.config({ jitless: true });

export function Providers({ locale, messages, timeZone, children }: { locale: Locale; messages: object; timeZone: DisplayTimeZone; children: ReactNode }) {
  const [queryClient] = useState(
    () =>
      new QueryClient({
        // One quiet retry, only when the request never got an answer: a route's answer (refusal, Qiniu's error,
        // a timeout that already waited the whole limit) is shown at once, with its own Retry button.
        defaultOptions: {
          queries: { staleTime: 15_000, retry: (count, err) => count < 1 && !(err instanceof ResultError && err.status !== 0), refetchOnWindowFocus: false },
        },
      }),
  );
  return (
    <QueryClientProvider client={queryClient}>
      <I18nProvider locale={locale} messages={messages} timeZone={timeZone}>
        {children}
      </I18nProvider>
    </QueryClientProvider>
  );
}

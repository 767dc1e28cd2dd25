"use client";

import { useMutation } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useFormat, useT } from "@/components/i18n-provider";
import type { ScopedDomain } from "@/lib/cdn/scope";
import { signAntiLeechUrl } from "@/server/actions/cdn";
import { errorWithReqId, unwrap } from "@/components/ui/action-call";

const EXPIRIES = [
  { seconds: 600, key: "cdn.antileech.minutes", n: 10 },
  { seconds: 3600, key: "cdn.antileech.hours", n: 1 },
  { seconds: 86_400, key: "cdn.antileech.days", n: 1 },
  { seconds: 7 * 86_400, key: "cdn.antileech.days", n: 7 },
] as const;

export interface DomainAntiLeechStatus {
  enabled: boolean;
  /** how many keys the console knows (primary, backup) */
  keys: number;
  source: "override" | "domain" | "default" | "none";
}

/** Signed timestamp anti-leech links; the server holds each domain's keys and signs. */
export function AntiLeechPanel({
  domains,
  configured,
  status = {},
}: {
  domains: ScopedDomain[];
  configured: boolean;
  status?: Record<string, DomainAntiLeechStatus>;
}) {
  const t = useT();
  const f = useFormat();
  const id = useId();
  const [domain, setDomain] = useState(domains[0]?.domain ?? "");
  const [path, setPath] = useState("");
  const [query, setQuery] = useState("");
  const [expiresIn, setExpiresIn] = useState(3600);
  const [keyIndex, setKeyIndex] = useState(0);
  const [copied, setCopied] = useState(false);
  const sign = useMutation({ mutationFn: () => unwrap(signAntiLeechUrl({ domain, path, query, expiresIn, keyIndex })), onMutate: () => setCopied(false) });

  if (!configured)
    return <p className="rounded-md bg-amber-50 p-4 text-sm text-amber-800 dark:bg-amber-950/50 dark:text-amber-200">{t("cdn.antileech.notConfigured")}</p>;
  const input = "w-full rounded-md border border-slate-300 px-2 py-1 dark:border-slate-700 dark:bg-slate-950";
  // A user limited to key prefixes may sign links only for keys under them (the server checks; this says so up front).
  const prefixes = domains.find((d) => d.domain === domain)?.prefixes;
  const state = status[domain];
  return (
    <section
      className="max-w-2xl space-y-3 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900"
      data-testid="cdn-antileech"
    >
      <p className="text-sm text-slate-500">{t("cdn.antileech.intro")}</p>
      <table className="w-full text-left text-sm" data-testid="cdn-antileech-domains">
        <thead className="text-xs text-slate-500">
          <tr>
            <th className="py-1 font-normal">{t("cdn.antileech.domain")}</th>
            <th className="py-1 font-normal">{t("cdn.antileech.state")}</th>
            <th className="py-1 font-normal">{t("cdn.antileech.keySource")}</th>
          </tr>
        </thead>
        <tbody>
          {domains.map((d) => {
            const s = status[d.domain];
            return (
              <tr
                key={d.domain}
                className="border-t border-slate-100 dark:border-slate-800"
                data-testid="cdn-antileech-domain"
                data-domain={d.domain}
                data-enabled={s?.enabled ? "1" : "0"}
              >
                <td className="py-1 font-mono text-xs">{d.domain}</td>
                <td className="py-1">{s?.enabled ? t("cdn.antileech.on") : t("cdn.antileech.off")}</td>
                <td className="py-1 text-xs text-slate-500">{s && s.keys > 0 ? t(`cdn.antileech.source.${s.source}` as const, { count: s.keys }) : "—"}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <form
        className="grid gap-3 sm:grid-cols-2"
        onSubmit={(e) => {
          e.preventDefault();
          if (domain && path.trim()) sign.mutate();
        }}
      >
        <label className="text-sm">
          <span className="block text-slate-500">{t("cdn.antileech.domain")}</span>
          <select value={domain} onChange={(e) => setDomain(e.target.value)} className={input}>
            {domains.map((d) => (
              <option key={d.domain}>{d.domain}</option>
            ))}
          </select>
        </label>
        <label className="text-sm">
          <span className="block text-slate-500">{t("cdn.antileech.expires")}</span>
          <select value={expiresIn} onChange={(e) => setExpiresIn(Number(e.target.value))} className={input}>
            {EXPIRIES.map((x) => (
              <option key={x.seconds} value={x.seconds}>
                {t(x.key, { n: x.n })}
              </option>
            ))}
          </select>
        </label>
        {(state?.keys ?? 0) > 1 && (
          <label className="text-sm">
            <span className="block text-slate-500">{t("cdn.antileech.key")}</span>
            <select value={keyIndex} onChange={(e) => setKeyIndex(Number(e.target.value))} className={input} data-testid="cdn-antileech-key">
              <option value={0}>{t("cdn.antileech.primary")}</option>
              <option value={1}>{t("cdn.antileech.backup")}</option>
            </select>
          </label>
        )}
        <label className="text-sm sm:col-span-2">
          <span className="block text-slate-500">{t("cdn.antileech.path")}</span>
          <input
            required
            value={path}
            onChange={(e) => setPath(e.target.value)}
            placeholder={prefixes?.[0] ?? t("cdn.antileech.pathHint")}
            className={`${input} font-mono`}
            data-testid="cdn-antileech-path"
          />
          {prefixes && (
            <span className="mt-1 block text-xs text-slate-500" data-testid="cdn-antileech-prefixes">
              {t("cdn.antileech.prefixesOnly", { prefixes: prefixes.join(", ") })}
            </span>
          )}
        </label>
        <label className="text-sm sm:col-span-2">
          <span className="block text-slate-500">{t("cdn.antileech.query")}</span>
          <input value={query} onChange={(e) => setQuery(e.target.value)} placeholder={t("cdn.antileech.queryHint")} className={`${input} font-mono`} />
        </label>
        <div className="sm:col-span-2">
          <button
            type="submit"
            disabled={sign.isPending || !path.trim()}
            className="rounded-md bg-brand-600 px-3 py-1.5 text-sm text-white disabled:opacity-50"
            data-testid="cdn-antileech-generate"
          >
            {t("cdn.antileech.generate")}
          </button>
        </div>
      </form>
      {sign.isError && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-300">
          {errorWithReqId(sign.error)}
        </p>
      )}
      {sign.data && (
        <div className="space-y-1">
          <label htmlFor={`${id}-url`} className="text-sm text-slate-500">
            {t("cdn.antileech.result")}
          </label>
          <div className="flex gap-2">
            <input
              id={`${id}-url`}
              readOnly
              value={sign.data.url}
              className={`${input} font-mono text-xs`}
              data-testid="cdn-antileech-url"
              onFocus={(e) => e.currentTarget.select()}
            />
            <button
              type="button"
              className="rounded-md border border-slate-300 px-3 text-sm dark:border-slate-700"
              onClick={() => void navigator.clipboard?.writeText(sign.data.url).then(() => setCopied(true))}
            >
              {copied ? t("cdn.antileech.copied") : t("cdn.antileech.copy")}
            </button>
          </div>
          <p className="text-xs text-slate-500">
            {t("cdn.antileech.expiresAt", { time: `${f.date(sign.data.expiresAt * 1000)} ${f.zoneLabel(sign.data.expiresAt * 1000)}` })}
          </p>
        </div>
      )}
    </section>
  );
}

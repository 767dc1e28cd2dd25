"use client";

import { useCallback, useSyncExternalStore } from "react";
import { useT } from "@/components/i18n-provider";

// Grid thumbnails are on unless the bucket's default (an admin's choice on the bucket list) says off; any user may switch
// them for themselves, per bucket, in this browser. Each thumbnail is an imageView2 request on the bucket's domain, so it
// costs processing and download traffic: the switch says so.

const storageKey = (bucket: string) => `qiniu-console:thumbnails:${bucket}`;
const CHANGED = "qiniu-console:thumbnails";

function subscribe(onChange: () => void): () => void {
  window.addEventListener("storage", onChange);
  window.addEventListener(CHANGED, onChange);
  return () => {
    window.removeEventListener("storage", onChange);
    window.removeEventListener(CHANGED, onChange);
  };
}

export interface ThumbnailChoice {
  on: boolean;
  /** True when the user's own choice differs from the bucket's default. */
  own: boolean;
  set(on: boolean): void;
}

export function useThumbnailChoice(bucket: string, bucketDefault: boolean): ThumbnailChoice {
  const stored = useSyncExternalStore(
    subscribe,
    () => window.localStorage.getItem(storageKey(bucket)),
    () => null,
  );
  const set = useCallback(
    (on: boolean) => {
      // Back to the bucket's default: forget the user's own choice, so a later change of the default applies again.
      if (on === bucketDefault) window.localStorage.removeItem(storageKey(bucket));
      else window.localStorage.setItem(storageKey(bucket), on ? "on" : "off");
      window.dispatchEvent(new Event(CHANGED));
    },
    [bucket, bucketDefault],
  );
  const on = stored === "on" ? true : stored === "off" ? false : bucketDefault;
  return { on, own: stored !== null, set };
}

export function ThumbnailSwitch({ choice }: { choice: ThumbnailChoice }) {
  const t = useT();
  return (
    <div className="flex flex-wrap items-center gap-x-3 gap-y-1 border-b border-slate-200 px-3 py-1.5 text-xs text-slate-500 dark:border-slate-700">
      <label className="flex items-center gap-1.5 font-medium text-slate-700 dark:text-slate-200">
        <input type="checkbox" checked={choice.on} onChange={(e) => choice.set(e.target.checked)} data-testid="grid-thumbnails" />
        {t("browser.thumbnails.label")}
      </label>
      <span data-testid="grid-thumbnails-cost">{t("browser.thumbnails.cost")}</span>
      {choice.own && <span>{t("browser.thumbnails.own")}</span>}
    </div>
  );
}

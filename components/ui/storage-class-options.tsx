"use client";

import { useT } from "@/components/i18n-provider";
import { STORAGE_CLASSES, STORAGE_CLASS_NAMES } from "@/lib/buckets/storage-class";

/** The `<option>`s of every Kodo storage class, named in the user's language: one list for every storage-class select. */
export function StorageClassOptions() {
  const t = useT();
  return (
    <>
      {STORAGE_CLASSES.map((c) => (
        <option key={c} value={c}>
          {t(`browser.storageClass.${STORAGE_CLASS_NAMES[c]}`)}
        </option>
      ))}
    </>
  );
}

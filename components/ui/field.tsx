"use client";

import { useId, type ReactNode } from "react";

// The one field style: inputs, selects and textareas share it; invalid fields get a red border.
export const inputClass =
  "mt-1 block w-full min-w-0 rounded-md border border-slate-400 bg-white px-2 py-1.5 text-sm text-slate-900 dark:border-slate-500 dark:bg-slate-950 dark:text-slate-100 aria-[invalid=true]:border-red-600";
export const labelClass = "block text-sm font-medium";
export const hintClass = "text-xs text-slate-600 dark:text-slate-400";

interface FieldControlProps {
  id: string;
  "aria-describedby"?: string;
  "aria-invalid"?: boolean;
}

/**
 * A labelled form field with an optional hint and error. `children` receives the ids to spread on the control, so
 * the label, hint and error are tied to it for screen readers.
 */
export function Field({
  label,
  hint,
  error,
  children,
  className,
}: {
  label: ReactNode;
  hint?: ReactNode;
  error?: ReactNode;
  children(control: FieldControlProps): ReactNode;
  className?: string;
}) {
  const id = useId();
  const described = [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined;
  return (
    <div className={className}>
      <label htmlFor={id} className={labelClass}>
        {label}
      </label>
      {children({ id, "aria-describedby": described, "aria-invalid": error ? true : undefined })}
      {hint && (
        <p id={`${id}-hint`} className={`mt-1 ${hintClass}`}>
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="mt-1 text-xs text-red-700 dark:text-red-300">
          {error}
        </p>
      )}
    </div>
  );
}

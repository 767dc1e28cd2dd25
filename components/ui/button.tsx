import clsx from "clsx";
import type { ButtonHTMLAttributes } from "react";

// The console's one set of button looks. The class strings are exported too, for links styled as buttons
// (`<a className={buttonClass.primary}>`) and for the older style files that re-export them.
const base = "inline-flex items-center justify-center gap-1.5 rounded-md text-sm disabled:cursor-not-allowed disabled:opacity-60";
export const buttonClass = {
  default: `${base} border border-slate-300 bg-white px-3 py-1.5 text-slate-900 hover:bg-slate-100 dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100 dark:hover:bg-slate-800`,
  /** compact: inside table rows and toolbars */
  small: `${base} border border-slate-300 px-2.5 py-1 hover:bg-slate-100 dark:border-slate-600 dark:hover:bg-slate-800`,
  primary: `${base} bg-brand-600 px-3 py-1.5 font-medium text-white hover:bg-brand-700`,
  danger: `${base} bg-red-700 px-3 py-1.5 font-medium text-white hover:bg-red-800`,
  ghost: `${base} px-2 py-1 text-slate-700 hover:bg-slate-100 dark:text-slate-200 dark:hover:bg-slate-800`,
} as const;

type ButtonVariant = keyof typeof buttonClass;

export function Button({ variant = "default", className, type = "button", ...props }: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: ButtonVariant }) {
  return <button type={type} className={clsx(buttonClass[variant], className)} {...props} />;
}

// The console's one field and button styles for forms (components/ui/field.tsx, components/ui/button.tsx), as class names.
import { buttonClass as buttons } from "@/components/ui/button";

export { inputClass, labelClass } from "@/components/ui/field";
export const buttonClass = buttons.small;
export const primaryClass = buttons.primary;
export const dangerClass = buttons.danger;
export const cardClass = "rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900";
/** The browser dialogs' compact text field. */
export const compactFieldClass = "mt-1 w-full rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-600 dark:bg-slate-950";

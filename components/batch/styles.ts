// The batch page uses the console's one field and button styles (components/ui/field.tsx, components/ui/button.tsx).
import { buttonClass as buttons } from "@/components/ui/button";

export { inputClass, labelClass } from "@/components/ui/field";
export const buttonClass = buttons.small;
export const primaryClass = buttons.primary;
export const dangerClass = buttons.danger;
export const cardClass = "rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900";

// The Users forms use the console's one field and button styles (components/ui/field.tsx, components/ui/button.tsx).
export { inputClass } from "@/components/ui/field";
import { buttonClass as buttons } from "@/components/ui/button";

export const buttonClass = buttons.small;
export const primaryClass = buttons.primary;

import type { MessageKey } from "@/lib/i18n/translate";

export interface NavItem {
  href: string;
  label: MessageKey;
  icon: string;
}

export const navItems: NavItem[] = [
  { href: "/buckets", label: "nav.buckets", icon: "🗂" },
  { href: "/upload", label: "nav.upload", icon: "⤴" },
  { href: "/batch", label: "nav.batch", icon: "☰" },
  { href: "/processing", label: "nav.processing", icon: "⚙" },
  { href: "/cdn", label: "nav.cdn", icon: "📈" },
  { href: "/audit", label: "nav.audit", icon: "🧾" },
  { href: "/users", label: "nav.users", icon: "👥" },
];

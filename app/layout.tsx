import type { Metadata, Viewport } from "next";
import { cookies, headers } from "next/headers";
import { GeistSans } from "geist/font/sans";
import { GeistMono } from "geist/font/mono";
import { Providers } from "@/components/providers";
import { getDisplayTimeZone, getLocale } from "@/server/i18n";
import { messages } from "@/lib/i18n/messages";
import { THEME_COOKIE, themeBootScript } from "@/lib/theme";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "七牛云控制台 · Qiniu Console", template: "%s · Qiniu Console" },
  description: "Qiniu Kodo and CDN console",
  // The files in public/ (issue 22: /favicon.ico answered 404 on every page).
  icons: {
    icon: [
      { url: "/favicon.ico", sizes: "48x48" },
      { url: "/icon.svg", type: "image/svg+xml" },
    ],
    apple: "/apple-touch-icon.png",
  },
  manifest: "/manifest.webmanifest",
};

export const viewport: Viewport = {
  width: "device-width",
  initialScale: 1,
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#f8fafc" },
    { media: "(prefers-color-scheme: dark)", color: "#020618" },
  ],
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const locale = await getLocale();
  const timeZone = await getDisplayTimeZone();
  const theme = (await cookies()).get(THEME_COOKIE)?.value;
  // proxy.ts's per-request script nonce: the Content-Security-Policy runs no inline script without it.
  const nonce = (await headers()).get("x-nonce") ?? undefined;
  return (
    <html lang={locale} className={`${GeistSans.variable} ${GeistMono.variable}${theme === "dark" ? " dark" : ""}`} suppressHydrationWarning>
      <head>
        {/* Applies the saved or system theme before first paint, so there is no flash of the wrong theme. */}
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: themeBootScript }} />
      </head>
      <body className="min-h-screen font-sans">
        {/* Only the active language's dictionary goes to the browser. */}
        <Providers locale={locale} messages={messages[locale]} timeZone={timeZone}>
          {children}
        </Providers>
      </body>
    </html>
  );
}

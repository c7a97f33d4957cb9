// The frame of every page: header with the main sections and who is signed in, then the page filling the
// rest of the window. Without a principal (the sign-in and setup pages) the header shows only the brand.
import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { HeaderUser } from "@/components/auth/HeaderUser";
import { THEME_SCRIPT, ThemeSwitch } from "@/components/ThemeSwitch";
import { pagePrincipal } from "@/lib/auth/page";
import { readOnly } from "@/lib/auth/settings";
import "./globals.css";
import "./themes.css";

export const metadata: Metadata = {
  title: "Netatlas",
  description: "A live map of Docker networks",
};

const NAV = [
  { href: "/", label: "Map" },
  { href: "/networks", label: "Networks" },
  { href: "/containers", label: "Containers" },
  { href: "/reach", label: "Reach" },
  { href: "/findings", label: "Findings" },
  { href: "/labs", label: "Labs" },
  { href: "/snapshot", label: "Snapshot" },
  { href: "/engines", label: "Engines" },
];

// Only where the pages would let them in: an admin's session (a token never reaches admin).
const ADMIN_NAV = [
  { href: "/audit", label: "Audit" },
  { href: "/users", label: "Users" },
];

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const principal = await pagePrincipal();
  // The Content-Security-Policy (proxy.ts) runs only scripts with this request's nonce: the theme script too.
  const nonce = (await headers()).get("x-nonce") ?? undefined;
  const admin = principal?.kind === "session" && principal.role === "admin";
  const links = principal ? [...NAV, ...(admin ? ADMIN_NAV : [])] : [];
  return (
    // The theme class is set by THEME_SCRIPT before React hydrates: not a mismatch.
    <html lang="en" suppressHydrationWarning>
      <head>
        {/* biome-ignore lint/security/noDangerouslySetInnerHtml: a fixed script of ours, no user input */}
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: THEME_SCRIPT }} />
      </head>
      <body className="flex h-full flex-col bg-slate-50 text-slate-900 antialiased">
        <header className="flex h-12 shrink-0 items-center gap-6 border-b border-slate-200 bg-white px-4">
          <Link href="/" className="font-semibold tracking-tight">
            Netatlas
          </Link>
          {links.length > 0 ? (
            <nav aria-label="Main" className="flex gap-4 text-sm">
              {links.map((item) => (
                <Link key={item.href} href={item.href} className="text-slate-600 hover:text-slate-900">
                  {item.label}
                </Link>
              ))}
            </nav>
          ) : null}
          {principal ? (
            <HeaderUser
              viewer={{
                kind: principal.kind,
                username: principal.user?.username ?? null,
                role: principal.role,
              }}
              readOnly={readOnly()}
            />
          ) : null}
          <div className={principal ? "" : "ml-auto"}>
            <ThemeSwitch />
          </div>
        </header>
        <main className="min-h-0 flex-1">{children}</main>
      </body>
    </html>
  );
}

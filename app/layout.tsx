// The frame of every page: header with the main sections, then the page filling the rest of the window.
import type { Metadata } from "next";
import Link from "next/link";
import "./globals.css";

export const metadata: Metadata = {
  title: "Netatlas",
  description: "A live map of Docker networks",
};

const NAV = [
  { href: "/", label: "Map" },
  { href: "/networks", label: "Networks" },
  { href: "/containers", label: "Containers" },
];

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="flex h-full flex-col bg-slate-50 text-slate-900 antialiased">
        <header className="flex h-12 shrink-0 items-center gap-6 border-b border-slate-200 bg-white px-4">
          <Link href="/" className="font-semibold tracking-tight">
            Netatlas
          </Link>
          <nav aria-label="Main" className="flex gap-4 text-sm">
            {NAV.map((item) => (
              <Link key={item.href} href={item.href} className="text-slate-600 hover:text-slate-900">
                {item.label}
              </Link>
            ))}
          </nav>
        </header>
        <main className="min-h-0 flex-1">{children}</main>
      </body>
    </html>
  );
}

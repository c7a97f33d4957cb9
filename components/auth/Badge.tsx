// A small pill naming a role (or a mode such as read-only) in the header and the account page.
import type { ReactNode } from "react";

export function Badge({ children, tone = "slate" }: { children: ReactNode; tone?: "slate" | "amber" }) {
  const colors = tone === "amber" ? "bg-amber-100 text-amber-900" : "bg-slate-100 text-slate-700";
  return <span className={`rounded px-1.5 py-0.5 text-xs font-medium ${colors}`}>{children}</span>;
}

// The reach verdicts' look, in one place for the matrix, its legend, the pair panel and the map's path: each
// colour means one verdict, and a glyph says it too (for colour-blind readers and for print).
import type { Verdict } from "@/lib/api/reach";

export const VERDICT_LOOK: Record<Verdict, { label: string; glyph: string; cell: string; badge: string }> = {
  yes: {
    label: "reaches",
    glyph: "✓",
    cell: "bg-emerald-500 text-white",
    badge: "bg-emerald-100 text-emerald-900 border-emerald-400",
  },
  partial: {
    label: "in part",
    glyph: "◐",
    cell: "bg-amber-400 text-amber-950",
    badge: "bg-amber-100 text-amber-900 border-amber-400",
  },
  // "Cannot" is the common case: a pale cell, so the ways that exist are what the eye finds.
  no: {
    label: "cannot",
    glyph: "✕",
    cell: "bg-rose-50 text-rose-400",
    badge: "bg-rose-100 text-rose-900 border-rose-400",
  },
  unknown: {
    label: "unknown",
    glyph: "?",
    cell: "bg-slate-300 text-slate-800",
    badge: "bg-slate-100 text-slate-800 border-slate-400",
  },
};

/** The matrix's one-letter cells back to verdicts ("-": a member against itself). */
export const CELL_VERDICT: Record<string, Verdict | null> = {
  y: "yes",
  n: "no",
  p: "partial",
  u: "unknown",
  "-": null,
};

/** Canvas colours of the same verdicts (Tailwind's emerald-500, amber-400, rose-100, slate-300). */
export const CELL_FILL: Record<string, string> = {
  y: "#10b981",
  p: "#fbbf24",
  n: "#ffe4e6",
  u: "#cbd5e1",
  "-": "#f8fafc",
};

export function VerdictBadge({ verdict, big = false }: { verdict: Verdict; big?: boolean }) {
  const look = VERDICT_LOOK[verdict];
  return (
    <span
      className={`inline-flex items-center gap-1 rounded border font-semibold ${look.badge} ${big ? "px-2 py-0.5 text-sm" : "px-1.5 text-xs"}`}
    >
      <span aria-hidden="true">{look.glyph}</span>
      {look.label}
    </span>
  );
}

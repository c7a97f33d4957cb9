"use client";
// The findings page: what a careful reviewer would point out, most severe first, kept current by the live stream.
// Each finding names its elements (a click focuses them on the map), says why it matters and gives the fix.
import Link from "next/link";
import { useMemo, useState } from "react";
import type { FindingDto, FindingsDto, Severity } from "@/lib/api/reach";
import type { TopologyDto } from "@/lib/api/types";
import { useLiveTopology } from "@/lib/client/live";
import { useLiveQuery } from "@/lib/client/live-query";
import { ConnectionIndicator } from "../ConnectionIndicator";
import { CommandPreview } from "../network/create/CommandPreview";
import { elementNames } from "./element-names";

const SEVERITY: Record<Severity, { label: string; badge: string; bar: string }> = {
  high: { label: "High", badge: "bg-rose-700 text-white", bar: "border-l-rose-600" },
  medium: { label: "Medium", badge: "bg-amber-500 text-amber-950", bar: "border-l-amber-500" },
  low: { label: "Low", badge: "bg-sky-600 text-white", bar: "border-l-sky-600" },
  info: { label: "Info", badge: "bg-slate-500 text-white", bar: "border-l-slate-400" },
};
const ORDER: Severity[] = ["high", "medium", "low", "info"];

export function mapFocusHref(elements: string[]): string {
  return `/?focus=${encodeURIComponent(elements.join(","))}`;
}

function Finding({ f, names }: { f: FindingDto; names: Map<string, string> }) {
  const s = SEVERITY[f.severity];
  return (
    <li
      className={`rounded border border-l-4 border-slate-200 bg-white p-3 ${s.bar}`}
      data-kind={f.kind}
      aria-label={f.title}
    >
      <div className="flex items-start gap-2">
        <span className={`shrink-0 rounded px-1.5 py-0.5 text-xs font-semibold ${s.badge}`}>{s.label}</span>
        <h3 className="font-semibold leading-snug">{f.title}</h3>
      </div>
      <p className="mt-1 text-sm text-slate-700">{f.why}</p>
      <div className="mt-2 flex flex-wrap items-center gap-1.5 text-xs">
        {f.elements.map((id) => (
          <Link
            key={id}
            href={mapFocusHref([id])}
            className="rounded border border-slate-300 bg-slate-50 px-1.5 py-0.5 hover:bg-slate-100"
          >
            {names.get(id) ?? id.split(":")[0]}
          </Link>
        ))}
        <Link href={mapFocusHref(f.elements)} className="ml-1 text-blue-700 hover:underline">
          Show on the map
        </Link>
      </div>
      {f.fix ? (
        <div className="mt-2">
          <p className="text-sm">{f.fix.text}</p>
          {f.fix.command ? <CommandPreview command={f.fix.command} caption="the fix, as a command" /> : null}
        </div>
      ) : null}
    </li>
  );
}

export function FindingsView({ initial }: { initial: TopologyDto | null }) {
  const live = useLiveTopology(initial);
  const q = useLiveQuery<FindingsDto>("/api/findings", live.version, 10_000, true);
  const [shown, setShown] = useState<Set<Severity>>(new Set(ORDER));
  const names = useMemo(() => elementNames(live.topology), [live.topology]);
  const list = q.data?.findings ?? [];
  const counts = ORDER.map((s) => [s, list.filter((f) => f.severity === s).length] as const);
  return (
    <div className="h-full overflow-auto p-4">
      <div className="mb-3 flex flex-wrap items-center gap-3">
        <h1 className="text-lg font-semibold">Findings</h1>
        <fieldset className="flex gap-1" aria-label="Severities shown">
          {counts.map(([s, n]) => (
            <button
              key={s}
              type="button"
              aria-pressed={shown.has(s)}
              onClick={() =>
                setShown((prev) => {
                  const next = new Set(prev);
                  if (next.has(s)) next.delete(s);
                  else next.add(s);
                  return next;
                })
              }
              className={`rounded px-2 py-0.5 text-xs font-semibold ${shown.has(s) ? SEVERITY[s].badge : "bg-slate-100 text-slate-500"}`}
            >
              {SEVERITY[s].label} {n}
            </button>
          ))}
        </fieldset>
        <div className="ml-auto">
          <ConnectionIndicator connection={live.connection} feeds={live.feeds} onResync={live.resync} />
        </div>
      </div>
      <p className="mb-3 max-w-3xl text-sm text-slate-600">
        What a careful reviewer would point out in this topology. They follow Docker's events and the hosts'
        firewalls, so a fix shows here by itself.
      </p>
      {q.data?.hosts.some((h) => h.unavailable) ? (
        <p className="mb-3 rounded bg-slate-100 px-2 py-1 text-xs text-slate-700">
          Not checked on:{" "}
          {q.data.hosts
            .filter((h) => h.unavailable)
            .map((h) => `${h.engine} (${h.unavailable})`)
            .join("; ")}
        </p>
      ) : null}
      {q.error ? <p className="text-sm text-rose-800">{q.error.message}</p> : null}
      {q.data && list.length === 0 ? <p className="text-sm text-slate-600">Nothing to point out.</p> : null}
      {!q.data && !q.error ? <p className="text-sm text-slate-500">Looking…</p> : null}
      <ul className="max-w-4xl space-y-2" aria-label="Findings">
        {list
          .filter((f) => shown.has(f.severity))
          .map((f) => (
            <Finding key={f.id} f={f} names={names} />
          ))}
      </ul>
    </div>
  );
}

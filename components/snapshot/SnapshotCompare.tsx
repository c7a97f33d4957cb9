"use client";
// Two snapshots side by side in words: what was added, removed or changed from the first to the second
// (lib/snapshot/compare.ts), grouped by networks, containers, attachments and the rest, each change with its
// fields before → after.
import { useMemo } from "react";
import { type ChangeRow, compareTopologies } from "@/lib/snapshot/compare";
import type { Snapshot } from "@/lib/snapshot/format";

interface Opened {
  snapshot: Snapshot;
  file: string;
}

interface Props {
  before: Opened;
  after: Opened;
  onSwap(): void;
  onClear(): void;
}

const GROUPS: Array<{ title: string; kinds: ChangeRow["kind"][] }> = [
  { title: "Networks", kinds: ["network"] },
  { title: "Containers", kinds: ["container"] },
  { title: "Attachments (endpoints)", kinds: ["endpoint"] },
  { title: "Engines and swarm", kinds: ["engine", "node", "service", "task"] },
];

const OP = {
  add: { word: "added", look: "bg-emerald-100 text-emerald-900 border-emerald-300" },
  remove: { word: "removed", look: "bg-rose-100 text-rose-900 border-rose-300" },
  change: { word: "changed", look: "bg-amber-100 text-amber-950 border-amber-300" },
} as const;

const shown = (v: string | null) => (v === null ? "—" : v.length > 120 ? `${v.slice(0, 117)}…` : v);

export function SnapshotCompare({ before, after, onSwap, onClear }: Props) {
  const rows = useMemo(
    () => compareTopologies(before.snapshot.topology, after.snapshot.topology),
    [before, after],
  );
  const count = (op: ChangeRow["op"]) => rows.filter((r) => r.op === op).length;
  return (
    <section aria-label="Comparison" className="max-w-5xl">
      <div className="mb-3 flex flex-wrap items-center gap-x-3 gap-y-1 text-sm">
        <span>
          From <strong>{before.file}</strong> ({before.snapshot.takenAt}) to <strong>{after.file}</strong> (
          {after.snapshot.takenAt}):
        </span>
        <span className="font-medium">
          {count("add")} added, {count("remove")} removed, {count("change")} changed
        </span>
        <span className="ml-auto flex gap-2">
          <button
            type="button"
            onClick={onSwap}
            className="rounded border border-slate-300 bg-white px-2 py-0.5 text-xs hover:bg-slate-100"
          >
            Show the second one
          </button>
          <button
            type="button"
            onClick={onClear}
            className="rounded border border-slate-300 bg-white px-2 py-0.5 text-xs hover:bg-slate-100"
          >
            Compare with another
          </button>
        </span>
      </div>
      {before.snapshot.redacted.join() !== after.snapshot.redacted.join() ? (
        <p className="mb-3 rounded border border-amber-300 bg-amber-50 p-2 text-xs text-amber-950">
          The two were redacted differently: values that were replaced in one show up as changes.
        </p>
      ) : null}
      {rows.length === 0 ? (
        <p className="text-sm text-slate-600">The two snapshots hold the same topology.</p>
      ) : null}
      {GROUPS.map((g) => {
        const mine = rows.filter((r) => g.kinds.includes(r.kind));
        if (!mine.length) return null;
        return (
          <section key={g.title} aria-label={g.title} className="mb-4">
            <h2 className="mb-1 text-sm font-semibold">
              {g.title} ({mine.length})
            </h2>
            <ul className="space-y-1.5" aria-label={`${g.title} changes`}>
              {mine.map((r) => (
                <li
                  key={`${r.kind}/${r.key}`}
                  data-op={r.op}
                  data-kind={r.kind}
                  className="rounded border border-slate-200 bg-white p-2 text-sm"
                >
                  <div className="flex flex-wrap items-baseline gap-2">
                    <span className={`rounded border px-1.5 text-xs font-semibold ${OP[r.op].look}`}>
                      {OP[r.op].word}
                    </span>
                    <span className="font-medium">{r.name}</span>
                    {r.sentence ? <span className="text-slate-600">{r.sentence}</span> : null}
                  </div>
                  {r.fields.length ? (
                    <table className="mt-1 w-full text-xs" aria-label={`Fields of ${r.name} that changed`}>
                      <thead>
                        <tr className="text-left text-slate-500">
                          <th className="w-1/3 pr-2 font-normal">field</th>
                          <th className="w-1/3 pr-2 font-normal">before</th>
                          <th className="font-normal">after</th>
                        </tr>
                      </thead>
                      <tbody>
                        {r.fields.map((f) => (
                          <tr key={f.field} className="border-t border-slate-100 align-top">
                            <td className="break-all py-0.5 pr-2 font-mono">{f.field}</td>
                            <td className="break-all py-0.5 pr-2 font-mono text-rose-900">
                              {shown(f.before)}
                            </td>
                            <td className="break-all py-0.5 font-mono text-emerald-900">{shown(f.after)}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  ) : null}
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </section>
  );
}

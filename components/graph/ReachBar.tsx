"use client";
// The map's "Can A reach B?" bar: From and To (a container, or the outside), filled by clicking containers on the
// map or chosen here; Swap asks the way back.
import type { ContainerDto } from "@/lib/api/types";

interface Props {
  containers: ContainerDto[];
  from: string | null;
  to: string | null;
  onChange(from: string | null, to: string | null): void;
  onClose(): void;
}

export function ReachBar({ containers, from, to, onChange, onClose }: Props) {
  const several = new Set(containers.map((c) => c.engine)).size > 1;
  const options = [
    { ref: "outside", label: "Outside (other machines)" },
    ...containers
      .filter(
        (c) => c.state === "running" || c.state === "paused" || c.state === "exited" || c.state === "created",
      )
      .map((c) => ({ ref: `${c.engine}/${c.id}`, label: several ? `${c.name} (${c.engine})` : c.name })),
  ];
  const select = "min-w-0 flex-1 rounded border border-slate-300 bg-white px-1 py-1 text-sm";
  const pick = (value: string) => (value === "" ? null : value);
  return (
    <section aria-label="Can A reach B?" className="border-b border-slate-200 bg-sky-50 p-3">
      <div className="mb-2 flex items-center justify-between">
        <h2 className="text-sm font-semibold">Can A reach B?</h2>
        <button type="button" onClick={onClose} className="rounded border bg-white px-2 py-0.5 text-xs">
          Done
        </button>
      </div>
      <p className="mb-2 text-xs text-slate-600">Click two containers on the map, or choose them here.</p>
      <div className="flex items-center gap-1">
        <label className="sr-only" htmlFor="reach-from">
          From
        </label>
        <select
          id="reach-from"
          className={select}
          value={from ?? ""}
          onChange={(e) => onChange(pick(e.target.value), to)}
        >
          <option value="">From…</option>
          {options.map((o) => (
            <option key={o.ref} value={o.ref}>
              {o.label}
            </option>
          ))}
        </select>
        <button
          type="button"
          aria-label="Swap From and To"
          title="Swap: the way back"
          onClick={() => onChange(to, from)}
          className="rounded border bg-white px-1.5 py-1 text-xs"
        >
          ⇄
        </button>
        <label className="sr-only" htmlFor="reach-to">
          To
        </label>
        <select
          id="reach-to"
          className={select}
          value={to ?? ""}
          onChange={(e) => onChange(from, pick(e.target.value))}
        >
          <option value="">To…</option>
          {options.map((o) => (
            <option key={o.ref} value={o.ref}>
              {o.label}
            </option>
          ))}
        </select>
      </div>
    </section>
  );
}

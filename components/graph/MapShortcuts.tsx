"use client";
// The map's keyboard shortcuts, and the list of them that "?" (or the Keys button) opens. Keys typed into a field
// are left alone; "/" (search) belongs to MapSearch.
import { useEffect, useState } from "react";

export interface Shortcut {
  keys: string[];
  what: string;
  run?: () => void;
}

export function MapShortcuts({ shortcuts }: { shortcuts: Shortcut[] }) {
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (target?.closest("input, textarea, select, [contenteditable=true]")) return;
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.key === "?") {
        setOpen((now) => !now);
        event.preventDefault();
        return;
      }
      if (event.key === "Escape") {
        setOpen(false);
        return;
      }
      const hit = shortcuts.find((s) => s.run && s.keys.includes(event.key));
      if (hit?.run) {
        hit.run();
        event.preventDefault();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [shortcuts]);
  return (
    <>
      <button
        type="button"
        onClick={() => setOpen((now) => !now)}
        aria-expanded={open}
        title="Keyboard shortcuts (?)"
        className="rounded border border-slate-300 bg-white px-2 py-1 text-xs shadow-sm hover:bg-slate-100"
      >
        Keys
      </button>
      {open ? (
        <div
          role="dialog"
          aria-label="Keyboard shortcuts"
          className="absolute left-0 top-9 z-20 w-72 rounded border border-slate-300 bg-white p-3 text-sm shadow-lg"
        >
          <div className="mb-2 flex items-center justify-between">
            <h2 className="font-semibold">Keyboard shortcuts</h2>
            <button
              type="button"
              onClick={() => setOpen(false)}
              className="text-xs text-slate-600 hover:underline"
            >
              Close
            </button>
          </div>
          <table className="w-full">
            <tbody>
              {[
                ...shortcuts,
                { keys: ["?"], what: "this list" },
                { keys: ["Esc"], what: "close it, or clear the search" },
              ].map((s) => (
                <tr key={s.what}>
                  <td className="py-0.5 pr-3 align-top">
                    {s.keys.map((k) => (
                      <kbd
                        key={k}
                        className="mr-1 rounded border border-slate-300 bg-slate-50 px-1 font-mono text-xs"
                      >
                        {k}
                      </kbd>
                    ))}
                  </td>
                  <td className="py-0.5">{s.what}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </>
  );
}

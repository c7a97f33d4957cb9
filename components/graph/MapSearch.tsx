"use client";
// Search on the map ("/" to start): names, aliases, DNS names, addresses, MACs, subnets, labels. The hits are
// highlighted on the map as you type; Enter or a click focuses one and shows its details.
import { useEffect, useRef, useState } from "react";
import type { SearchHit } from "@/lib/topology/search";

interface Props {
  search(query: string): SearchHit[];
  /** The hits to highlight while the query is typed (empty when it is cleared). */
  onHits(ids: string[]): void;
  onChoose(elementId: string): void;
}

export function MapSearch({ search, onHits, onChoose }: Props) {
  const input = useRef<HTMLInputElement>(null);
  const [query, setQuery] = useState("");
  const [open, setOpen] = useState(false);
  const hits = search(query);

  useEffect(() => {
    const slash = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (event.key !== "/" || target?.closest("input, textarea, select, [contenteditable]")) return;
      event.preventDefault();
      input.current?.focus();
    };
    window.addEventListener("keydown", slash);
    return () => window.removeEventListener("keydown", slash);
  }, []);

  const change = (value: string) => {
    setQuery(value);
    setOpen(true);
    onHits(search(value).map((h) => h.elementId));
  };
  const choose = (hit: SearchHit | undefined) => {
    if (!hit) return;
    setOpen(false);
    onChoose(hit.elementId);
  };

  return (
    <div className="relative">
      <label htmlFor="map-search" className="sr-only">
        Search the map
      </label>
      <input
        id="map-search"
        ref={input}
        type="search"
        value={query}
        placeholder="Search: name, IP, alias…  (/)"
        onChange={(e) => change(e.target.value)}
        onFocus={() => setOpen(true)}
        onKeyDown={(e) => {
          if (e.key === "Enter") choose(hits[0]);
          if (e.key === "Escape") {
            change("");
            input.current?.blur();
          }
        }}
        className="w-64 rounded border border-slate-300 bg-white px-2 py-1 text-xs shadow-sm"
        aria-controls="map-search-hits"
        aria-expanded={open && hits.length > 0}
        role="combobox"
      />
      {open && query && (
        <ul
          id="map-search-hits"
          aria-label="Search results"
          className="absolute z-20 mt-1 max-h-72 w-80 overflow-y-auto rounded border border-slate-300 bg-white py-1 text-xs shadow-lg"
        >
          {hits.length === 0 ? <li className="px-2 py-1 text-slate-500">Nothing matches.</li> : null}
          {hits.map((h) => (
            <li key={h.elementId}>
              <button
                type="button"
                onClick={() => choose(h)}
                className="block w-full px-2 py-1 text-left hover:bg-slate-100"
              >
                <span className="font-medium">{h.name}</span>{" "}
                <span className="text-slate-500">
                  {h.kind} · {h.matched}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

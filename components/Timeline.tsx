"use client";
// The event timeline: the last few hundred changes in plain words, newest first; click one to focus its element
// on the map; filter by network or container name. "JSON lines" downloads the server's kept changes (more than
// this page has seen, the same sentences) for a log pipeline (GET /api/timeline, docs/logs.md).
import { useMemo, useState } from "react";
import type { TimelineEntry } from "@/lib/topology/timeline";

const TONE = { add: "border-green-500", change: "border-blue-400", remove: "border-red-400" };

export function Timeline({ entries, onFocus }: { entries: TimelineEntry[]; onFocus(id: string): void }) {
  const [filter, setFilter] = useState("");
  const shown = useMemo(() => {
    const needle = filter.trim().toLowerCase();
    if (!needle) return entries;
    return entries.filter((e) =>
      [...e.networks, ...e.containers].some((name) => name.toLowerCase().includes(needle)),
    );
  }, [entries, filter]);
  return (
    <section aria-label="Timeline" className="border-b border-slate-200 p-3">
      <div className="mb-2 flex items-center justify-between gap-2">
        <h2 className="text-sm font-semibold">Changes ({entries.length})</h2>
        <a
          href="/api/timeline?format=jsonl"
          download
          title="Download the changes the server keeps, one JSON object per line (for Fluentd, Loki)"
          className="ml-auto whitespace-nowrap text-xs text-blue-700 hover:underline"
        >
          JSON lines
        </a>
        <input
          type="search"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          placeholder="network or container"
          aria-label="Filter changes by network or container"
          className="w-44 rounded border border-slate-300 px-1.5 py-0.5 text-xs"
        />
      </div>
      {entries.length === 0 ? (
        <p className="text-xs text-slate-500">
          Nothing has changed since the page opened. Changes made with the docker CLI appear here and on the
          map.
        </p>
      ) : null}
      <ol aria-label="Changes" className="max-h-56 space-y-0.5 overflow-y-auto">
        {shown.map((e) => (
          <li key={e.id} className={`border-l-2 pl-1.5 ${TONE[e.tone]}`}>
            <button
              type="button"
              disabled={!e.elementId}
              onClick={() => e.elementId && onFocus(e.elementId)}
              className="w-full text-left text-xs enabled:hover:bg-slate-100"
            >
              <time dateTime={e.at} className="mr-1 text-slate-400">
                {new Date(e.at).toLocaleTimeString()}
              </time>
              {e.text}
            </button>
          </li>
        ))}
      </ol>
    </section>
  );
}

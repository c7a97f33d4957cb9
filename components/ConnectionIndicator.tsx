"use client";
// Whether the map is live: the browser's connection to Netatlas and each engine's feed, with since when,
// and the manual resync. Never lets a stale map pass for a current one.
import { useEffect, useState } from "react";
import type { FeedStatus } from "@/lib/api/live";
import type { ConnectionState } from "@/lib/client/live";

function ago(iso: string, now: number): string {
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min`;
  return `${Math.floor(s / 3600)} h`;
}

function time(iso: string): string {
  return new Date(iso).toLocaleTimeString();
}

interface Props {
  connection: { state: ConnectionState; since: string };
  feeds: FeedStatus[];
  onResync(): void;
}

export function ConnectionIndicator({ connection, feeds, onResync }: Props) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const down = feeds.filter((f) => f.state === "down");
  const connecting = feeds.filter((f) => f.state === "connecting");
  const [label, tone, detail] =
    connection.state !== "live"
      ? [
          connection.state === "connecting" ? "Connecting…" : "Reconnecting…",
          "bg-amber-100 text-amber-900",
          `no live connection to Netatlas since ${time(connection.since)} (${ago(connection.since, now)}); the map may be out of date`,
        ]
      : down.length
        ? [
            down.length === feeds.length
              ? "Engine down"
              : `${down.length} engine${down.length > 1 ? "s" : ""} down`,
            "bg-red-100 text-red-900",
            down
              .map(
                (f) =>
                  `${f.engine} down since ${time(f.since)} (${ago(f.since, now)}): ${f.error?.message ?? ""}`,
              )
              .join(" "),
          ]
        : connecting.length
          ? [
              "Connecting to engine…",
              "bg-amber-100 text-amber-900",
              connecting.map((f) => f.engine).join(", "),
            ]
          : ["Live", "bg-green-100 text-green-900", `live since ${time(connection.since)}`];
  return (
    <div className="flex items-center gap-2" role="status" aria-label="Connection">
      <span className={`rounded px-2 py-0.5 text-xs font-medium ${tone}`} title={detail} data-state={label}>
        <span aria-hidden="true">● </span>
        {label}
      </span>
      <span className="sr-only">{detail}</span>
      {connection.state === "live" && (down.length || connecting.length) ? (
        <span className="max-w-md truncate text-xs text-slate-600">{detail}</span>
      ) : null}
      <button
        type="button"
        onClick={onResync}
        className="rounded border border-slate-300 bg-white px-2 py-0.5 text-xs hover:bg-slate-100"
        title="Rebuild the map from a full listing of every engine"
      >
        Resync
      </button>
    </div>
  );
}

"use client";
// "Can A reach B?" on the map: the pair chosen (by clicking two containers, from the bar's lists, from the
// context menu, or from a link ?reach=<from>,<to>), its answer from GET /api/reach, and the path to highlight.
// Also ?focus=<element ids>: elements a finding or a link wants shown.
import { useCallback, useEffect, useState } from "react";
import type { ReachPairDto } from "@/lib/api/reach";
import { useLiveQuery } from "@/lib/client/live-query";

/** A container's element id ("container:<engine>:<id>") as an API reference ("<engine>/<id>"); "outside" stays. */
export function refOfElement(id: string): string | null {
  if (id === "outside") return "outside";
  const m = /^container:([^:]+):([0-9a-f]+)$/.exec(id);
  return m ? `${m[1]}/${m[2]}` : null;
}

export function elementOfRef(ref: string): string {
  if (ref === "outside") return "outside";
  const [engine, id] = ref.split("/");
  return `container:${engine}:${id}`;
}

export interface ReachMode {
  active: boolean;
  from: string | null;
  to: string | null;
  pair: ReachPairDto | null;
  loading: boolean;
  error: ReturnType<typeof useLiveQuery>["error"];
  /** Element ids a link asked to show (?focus=). */
  focus: string[];
  start(from?: string | null): void;
  stop(): void;
  /** A click on the canvas in reach mode: fills From, then To (a third click starts again). */
  pick(elementId: string): boolean;
  set(from: string | null, to: string | null): void;
  clearFocus(): void;
}

function writeUrl(from: string | null, to: string | null, active: boolean): void {
  const url = new URL(window.location.href);
  if (active && (from || to)) url.searchParams.set("reach", `${from ?? ""},${to ?? ""}`);
  else url.searchParams.delete("reach");
  window.history.replaceState(window.history.state, "", url);
}

export function useReachMode(version: number | null): ReachMode {
  const [active, setActive] = useState(false);
  const [from, setFrom] = useState<string | null>(null);
  const [to, setTo] = useState<string | null>(null);
  const [focus, setFocus] = useState<string[]>([]);
  // Read after mounting, as the view is: the server renders without the URL's.
  useEffect(() => {
    const params = new URLSearchParams(window.location.search);
    const reach = params.get("reach");
    if (reach !== null) {
      const [f, t] = reach.split(",");
      setActive(true);
      setFrom(f || null);
      setTo(t || null);
    }
    const f = params.get("focus");
    if (f) setFocus(f.split(",").filter(Boolean).slice(0, 200));
  }, []);
  const q = useLiveQuery<{ pair: ReachPairDto }>(
    active && from && to ? `/api/reach?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}` : null,
    version,
    10_000,
  );
  const set = useCallback((f: string | null, t: string | null) => {
    setFrom(f);
    setTo(t);
    setActive(true);
    writeUrl(f, t, true);
  }, []);
  const start = useCallback(
    (f: string | null = null) => {
      set(f, null);
    },
    [set],
  );
  const stop = useCallback(() => {
    setActive(false);
    setFrom(null);
    setTo(null);
    writeUrl(null, null, false);
  }, []);
  const pick = useCallback(
    (elementId: string) => {
      const ref = refOfElement(elementId);
      if (!active || !ref) return false;
      if (!from || (from && to)) set(ref, null);
      else set(from, ref);
      return true;
    },
    [active, from, to, set],
  );
  const clearFocus = useCallback(() => {
    setFocus([]);
    const url = new URL(window.location.href);
    url.searchParams.delete("focus");
    window.history.replaceState(window.history.state, "", url);
  }, []);
  return {
    active,
    from,
    to,
    pair: q.data?.pair ?? null,
    loading: q.loading,
    error: q.error,
    focus,
    start,
    stop,
    pick,
    set,
    clearFocus,
  };
}

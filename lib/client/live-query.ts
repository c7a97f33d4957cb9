"use client";
// A read that follows the live map: fetched when asked for, again (after a short settle) whenever the topology's
// version changes, and every `refreshMs` for what changes without a Docker event (the hosts' firewall rules).
// The Linux layer, the reach matrix and pair, names and findings all read this way.
import { useEffect, useRef, useState } from "react";
import type { ApiErrorDetail } from "@/lib/api/types";
import { api, toApiError } from "./api";

export interface LiveQuery<T> {
  data: T | null;
  error: ApiErrorDetail | null;
  loading: boolean;
}

const SETTLE_MS = 500;

/**
 * `path` null: nothing is asked (and nothing is shown). `waitForLive`: nothing is asked before the live stream's
 * first snapshot (its version), so a page does not compute the same answer twice while it connects.
 */
export function useLiveQuery<T>(
  path: string | null,
  version: number | null,
  refreshMs = 0,
  waitForLive = false,
): LiveQuery<T> {
  const asked = waitForLive && version === null ? null : path;
  const [state, setState] = useState<LiveQuery<T> & { asked: string | null }>({
    data: null,
    error: null,
    loading: false,
    asked: null,
  });
  const request = useRef(0);
  const [tick, setTick] = useState(0);
  /** The first read of a path goes at once; later ones wait for a burst of changes to settle. */
  const loadedPath = useRef<string | null>(null);

  useEffect(() => {
    if (!asked || refreshMs <= 0) return;
    const timer = setInterval(() => setTick((t) => t + 1), refreshMs);
    return () => clearInterval(timer);
  }, [asked, refreshMs]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: each topology version (and tick) means reading again
  useEffect(() => {
    if (!asked) return;
    const mine = ++request.current;
    setState((s) => ({ ...s, loading: true }));
    const timer = setTimeout(
      () => {
        api<T>(asked)
          .then((data) => {
            if (request.current !== mine) return;
            loadedPath.current = asked;
            setState({ data, error: null, loading: false, asked });
          })
          .catch((err: unknown) => {
            if (request.current === mine)
              setState((s) => ({ ...s, error: toApiError(err).body, loading: false, asked }));
          });
      },
      loadedPath.current === asked ? SETTLE_MS : 0,
    );
    return () => clearTimeout(timer);
  }, [asked, version, tick]);

  if (!asked) return { data: null, error: null, loading: false };
  // An answer for another path (the previous pair) is not shown as this one's.
  return state.asked === asked ? state : { data: null, error: null, loading: true };
}

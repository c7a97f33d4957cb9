"use client";
// The Linux layer in the browser: read from GET /api/hosts while the map's "Linux layer" switch is on, and read
// again (at most every 500 ms) when the topology changes, since a new container or network means new veths.
import { useEffect, useRef, useState } from "react";
import type { HostLayerDto, HostsDto } from "@/lib/api/hosts";
import type { ApiErrorDetail } from "@/lib/api/types";
import { api, toApiError } from "./api";

export interface HostLayerState {
  hosts: HostLayerDto[] | null;
  error: ApiErrorDetail | null;
  loading: boolean;
}

const SETTLE_MS = 500;

/** `version` is the topology's: each new one (after a settle) reads the hosts again. */
export function useHostLayer(enabled: boolean, version: number | null): HostLayerState {
  const [state, setState] = useState<HostLayerState>({ hosts: null, error: null, loading: false });
  const request = useRef(0);
  /** The first read goes at once; later ones wait for a burst of changes to settle. */
  const loaded = useRef(false);

  // biome-ignore lint/correctness/useExhaustiveDependencies: each topology version means interfaces to read again
  useEffect(() => {
    if (!enabled) return;
    const mine = ++request.current;
    setState((s) => ({ ...s, loading: true }));
    const timer = setTimeout(
      () => {
        api<HostsDto>("/api/hosts")
          .then((answer) => {
            if (request.current !== mine) return;
            loaded.current = true;
            setState({ hosts: answer.hosts, error: null, loading: false });
          })
          .catch((err: unknown) => {
            if (request.current === mine)
              setState((s) => ({ ...s, error: toApiError(err).body, loading: false }));
          });
      },
      loaded.current ? SETTLE_MS : 0,
    );
    return () => clearTimeout(timer);
  }, [enabled, version]);

  return enabled ? state : { hosts: null, error: null, loading: false };
}

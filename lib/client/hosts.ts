"use client";
// The Linux layer in the browser: read from GET /api/hosts while the map's "Linux layer" switch is on, and read
// again (at most every 500 ms) when the topology changes, since a new container or network means new veths.
import type { HostLayerDto, HostsDto } from "@/lib/api/hosts";
import type { ApiErrorDetail } from "@/lib/api/types";
import { useLiveQuery } from "./live-query";

export interface HostLayerState {
  hosts: HostLayerDto[] | null;
  error: ApiErrorDetail | null;
  loading: boolean;
}

/** `version` is the topology's: each new one (after a settle) reads the hosts again. */
export function useHostLayer(enabled: boolean, version: number | null): HostLayerState {
  const q = useLiveQuery<HostsDto>(enabled ? "/api/hosts" : null, version);
  return { hosts: q.data?.hosts ?? null, error: q.error, loading: q.loading };
}

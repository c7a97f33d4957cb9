// Gap detection: dockerd drops events for slow readers and replays only the last 256, so the live store is
// checked now and then against a cheap listing. Pure: says what differs, the caller resyncs when anything does.
import type { TopologyDto } from "@/lib/api/types";

export interface Listing {
  containers: Array<{ id: string; state: string }>;
  networks: string[];
  /** Attachments as the container list shows them (no aliases there); checked when given. */
  endpoints?: Array<{ containerId: string; networkName: string; endpointId: string | null }>;
}

/** Differences between the store for `engine` and a listing of it; empty when they agree. */
export function findDrift(store: TopologyDto, engine: string, listing: Listing): string[] {
  const reasons: string[] = [];
  const stored = new Map(store.containers.filter((c) => c.engine === engine).map((c) => [c.id, c.state]));
  const listed = new Map(listing.containers.map((c) => [c.id, c.state]));
  for (const [id, state] of listed) {
    if (!stored.has(id)) reasons.push(`container ${id.slice(0, 12)} is missing`);
    else if (stored.get(id) !== state)
      reasons.push(`container ${id.slice(0, 12)} is ${state}, store says ${stored.get(id)}`);
  }
  for (const id of stored.keys()) if (!listed.has(id)) reasons.push(`container ${id.slice(0, 12)} is gone`);
  const storedNets = new Set(store.networks.filter((n) => n.engine === engine).map((n) => n.id));
  const listedNets = new Set(listing.networks);
  for (const id of listedNets) if (!storedNets.has(id)) reasons.push(`network ${id.slice(0, 12)} is missing`);
  for (const id of storedNets) if (!listedNets.has(id)) reasons.push(`network ${id.slice(0, 12)} is gone`);
  if (listing.endpoints) {
    // Lost connect/disconnect events show here: an attachment added, dropped, or re-made (new endpoint id).
    const key = (c: string, n: string) => `${c}/${n}`;
    const storedEps = new Map(
      store.endpoints
        .filter((e) => e.engine === engine)
        .map((e) => [key(e.containerId, e.networkName), e.id]),
    );
    const listedEps = new Map(
      listing.endpoints.map((e) => [key(e.containerId, e.networkName), e.endpointId]),
    );
    for (const [k, id] of listedEps) {
      if (!storedEps.has(k)) reasons.push(`attachment ${k.slice(0, 12)}… is missing`);
      else if (storedEps.get(k) !== id) reasons.push(`attachment ${k.slice(0, 12)}… has another endpoint`);
    }
    for (const k of storedEps.keys())
      if (!listedEps.has(k)) reasons.push(`attachment ${k.slice(0, 12)}… is gone`);
  }
  return reasons;
}

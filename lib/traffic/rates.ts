// Pure: from two consecutive counter readings to rates per second, a short history per endpoint (a ring of the
// last 150 samples), per-network totals and the top talkers. Counters are always kept from the container's point
// of view (the host-side swap happens where they are read, lib/traffic/host-counters.ts).
import {
  type EndpointTraffic,
  type NetworkTraffic,
  TRAFFIC_HISTORY,
  TRAFFIC_TOP,
  type TrafficHistory,
  type TrafficRates,
} from "@/lib/api/traffic";

/** Cumulative counters of one interface, from the container's point of view. */
export interface Counters {
  rxBytes: number;
  txBytes: number;
  rxPackets: number;
  txPackets: number;
}

/** A reading: the counters and when they were read (monotonic ms, performance.now()). */
export interface Reading {
  counters: Counters;
  atMs: number;
}

const KEYS = ["rxBytes", "txBytes", "rxPackets", "txPackets"] as const;

/**
 * The rates between two readings of the same interface, or null when there is none: no earlier reading, no time
 * between them, or any counter smaller than before. A counter that goes back was reset (the interface was
 * recreated, the container restarted) or wrapped; the kernel's 64-bit counters (ip's stats64, Docker's uint64)
 * do not wrap in practice, and a wrap cannot be told from a reset, so neither is guessed at: that interval has no
 * rate and the new reading is the next baseline.
 */
export function rateBetween(previous: Reading | undefined, next: Reading): TrafficRates | null {
  if (!previous) return null;
  const seconds = (next.atMs - previous.atMs) / 1000;
  if (!(seconds > 0)) return null;
  const rates = {} as TrafficRates;
  for (const key of KEYS) {
    const delta = next.counters[key] - previous.counters[key];
    if (!(delta >= 0)) return null;
    rates[key] = round(delta / seconds);
  }
  return rates;
}

/** One decimal: a rate is never more precise than the counters behind it. */
const round = (n: number) => Math.round(n * 10) / 10;

export const totalBytes = (r: TrafficRates | null): number => (r ? round(r.rxBytes + r.txBytes) : 0);

/** A fixed-size ring of the last `size` samples of one endpoint. */
export class HistoryRing {
  private readonly at: number[] = [];
  private readonly values: Array<TrafficRates | null> = [];

  constructor(private readonly size = TRAFFIC_HISTORY) {}

  push(atEpochMs: number, rates: TrafficRates | null): void {
    this.at.push(atEpochMs);
    this.values.push(rates);
    if (this.at.length > this.size) {
      this.at.splice(0, this.at.length - this.size);
      this.values.splice(0, this.values.length - this.size);
    }
  }

  get length(): number {
    return this.at.length;
  }

  /** The columns of TrafficHistory, oldest first. */
  columns(): TrafficHistory[string] {
    const pick = (key: keyof TrafficRates) => this.values.map((v) => (v ? v[key] : null));
    return {
      at: [...this.at],
      rxBytes: pick("rxBytes"),
      txBytes: pick("txBytes"),
      rxPackets: pick("rxPackets"),
      txPackets: pick("txPackets"),
    };
  }
}

/** Each network's endpoints with a rate, summed; sorted by engine and network id. */
export function networkTotals(endpoints: readonly EndpointTraffic[]): NetworkTraffic[] {
  const byNetwork = new Map<string, NetworkTraffic>();
  for (const e of endpoints) {
    if (e.networkId === null || e.rates === null) continue;
    const key = `${e.engine}\u0000${e.networkId}`;
    let total = byNetwork.get(key);
    if (!total) {
      total = {
        engine: e.engine,
        networkId: e.networkId,
        rates: { rxBytes: 0, txBytes: 0, rxPackets: 0, txPackets: 0 },
        totalBytes: 0,
        endpoints: 0,
      };
      byNetwork.set(key, total);
    }
    for (const k of KEYS) total.rates[k] = round(total.rates[k] + e.rates[k]);
    total.totalBytes = totalBytes(total.rates);
    total.endpoints++;
  }
  return [...byNetwork.values()].sort(
    (a, b) => a.engine.localeCompare(b.engine) || a.networkId.localeCompare(b.networkId),
  );
}

/** The `limit` endpoints with the most bytes/s (rx + tx) above 0, highest first (ties by id, for stable lists). */
export function topTalkers(
  endpoints: readonly EndpointTraffic[],
  limit = TRAFFIC_TOP,
): Array<{ id: string; totalBytes: number }> {
  return endpoints
    .filter((e) => e.totalBytes > 0)
    .sort((a, b) => b.totalBytes - a.totalBytes || a.id.localeCompare(b.id))
    .slice(0, limit)
    .map((e) => ({ id: e.id, totalBytes: e.totalBytes }));
}

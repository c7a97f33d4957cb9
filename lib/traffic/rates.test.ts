import { describe, expect, it } from "vitest";
import type { EndpointTraffic, TrafficRates } from "@/lib/api/traffic";
import { type Counters, HistoryRing, networkTotals, rateBetween, topTalkers, totalBytes } from "./rates";

const c = (rxBytes: number, txBytes: number, rxPackets = 0, txPackets = 0): Counters => ({
  rxBytes,
  txBytes,
  rxPackets,
  txPackets,
});

function endpoint(
  id: string,
  networkId: string | null,
  rates: TrafficRates | null,
  engine = "a",
): EndpointTraffic {
  return {
    id,
    engine,
    networkId,
    containerId: id,
    interface: "eth0",
    source: "host counters",
    rates,
    totalBytes: totalBytes(rates),
    note: null,
  };
}

describe("rateBetween", () => {
  it("divides each counter's increase by the seconds between the readings", () => {
    const r = rateBetween(
      { counters: c(1000, 500, 10, 5), atMs: 1000 },
      { counters: c(5000, 1500, 30, 9), atMs: 3000 },
    );
    expect(r).toEqual({ rxBytes: 2000, txBytes: 500, rxPackets: 10, txPackets: 2 });
  });

  it("has no rate without an earlier reading or without time between them", () => {
    expect(rateBetween(undefined, { counters: c(1, 1), atMs: 5 })).toBeNull();
    expect(rateBetween({ counters: c(1, 1), atMs: 5 }, { counters: c(2, 2), atMs: 5 })).toBeNull();
    expect(rateBetween({ counters: c(1, 1), atMs: 6 }, { counters: c(2, 2), atMs: 5 })).toBeNull();
  });

  it("has no rate when a counter went back (reset or wrap): the new reading is the next baseline", () => {
    const before = { counters: c(2 ** 32 - 10, 100), atMs: 0 };
    expect(rateBetween(before, { counters: c(20, 200), atMs: 2000 })).toBeNull();
    // A recreated interface: every counter starts again from 0.
    expect(
      rateBetween({ counters: c(9e9, 9e9, 9e6, 9e6), atMs: 0 }, { counters: c(0, 0), atMs: 2000 }),
    ).toBeNull();
    // One counter going back is enough.
    expect(
      rateBetween({ counters: c(10, 10, 5, 5), atMs: 0 }, { counters: c(20, 20, 4, 6), atMs: 2000 }),
    ).toBeNull();
  });

  it("is zero for an idle interface and keeps one decimal", () => {
    expect(
      rateBetween({ counters: c(7, 7, 1, 1), atMs: 0 }, { counters: c(7, 7, 1, 1), atMs: 2000 }),
    ).toEqual(c(0, 0, 0, 0));
    expect(rateBetween({ counters: c(0, 0), atMs: 0 }, { counters: c(1, 2), atMs: 3000 })).toEqual({
      rxBytes: 0.3,
      txBytes: 0.7,
      rxPackets: 0,
      txPackets: 0,
    });
  });
});

describe("HistoryRing", () => {
  it("keeps the last `size` samples, oldest first, as columns with null where there was no rate", () => {
    const ring = new HistoryRing(3);
    ring.push(1, null);
    for (let i = 2; i <= 5; i++) ring.push(i, c(i * 10, i, i, 0));
    expect(ring.length).toBe(3);
    expect(ring.columns()).toEqual({
      at: [3, 4, 5],
      rxBytes: [30, 40, 50],
      txBytes: [3, 4, 5],
      rxPackets: [3, 4, 5],
      txPackets: [0, 0, 0],
    });
    const fresh = new HistoryRing(3);
    fresh.push(1, null);
    expect(fresh.columns().rxBytes).toEqual([null]);
  });

  it("holds 150 samples by default (5 minutes at 2 s)", () => {
    const ring = new HistoryRing();
    for (let i = 0; i < 200; i++) ring.push(i, c(i, i));
    expect(ring.length).toBe(150);
    expect(ring.columns().at[0]).toBe(50);
  });
});

describe("networkTotals and topTalkers", () => {
  const eps = [
    endpoint("e1", "n1", c(100, 10, 2, 1)),
    endpoint("e2", "n1", c(10, 100, 1, 2)),
    endpoint("e3", "n2", c(0, 0, 0, 0)),
    endpoint("e4", "n2", null),
    endpoint("c5", null, c(5000, 5000, 9, 9)),
    endpoint("e6", "n1", c(1, 1, 1, 1), "b"),
  ];

  it("sums each network's endpoints with a rate, per engine", () => {
    expect(networkTotals(eps)).toEqual([
      { engine: "a", networkId: "n1", rates: c(110, 110, 3, 3), totalBytes: 220, endpoints: 2 },
      { engine: "a", networkId: "n2", rates: c(0, 0, 0, 0), totalBytes: 0, endpoints: 1 },
      { engine: "b", networkId: "n1", rates: c(1, 1, 1, 1), totalBytes: 2, endpoints: 1 },
    ]);
  });

  it("ranks by bytes per second, leaves out silent ones, breaks ties by id and stops at the limit", () => {
    expect(topTalkers(eps)).toEqual([
      { id: "c5", totalBytes: 10000 },
      { id: "e1", totalBytes: 110 },
      { id: "e2", totalBytes: 110 },
      { id: "e6", totalBytes: 2 },
    ]);
    expect(topTalkers(eps, 2).map((t) => t.id)).toEqual(["c5", "e1"]);
    const many = Array.from({ length: 30 }, (_, i) =>
      endpoint(`x${String(i).padStart(2, "0")}`, "n", c(i + 1, 0)),
    );
    expect(topTalkers(many)).toHaveLength(10);
    expect(topTalkers(many)[0]?.id).toBe("x29");
  });
});

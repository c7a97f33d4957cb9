// The browser's traffic helpers: history appended per sample and kept to its depth, rates in words, and the
// map's weight of a rate on a log scale.
import { describe, expect, it } from "vitest";
import { TRAFFIC_HISTORY, type TrafficMessage } from "@/lib/api/traffic";
import { appendSample, formatRate, trafficLevel } from "./traffic";

const sample = (at: number, rx: number | null): TrafficMessage => ({
  at: new Date(at).toISOString(),
  intervalMs: 2000,
  endpoints: [
    {
      id: "endpoint:lab:n:c",
      engine: "lab",
      networkId: "n",
      containerId: "c",
      interface: "eth0",
      source: "host counters",
      rates: rx === null ? null : { rxBytes: rx, txBytes: rx / 2, rxPackets: 1, txPackets: 1 },
      totalBytes: rx === null ? 0 : rx * 1.5,
      note: null,
    },
  ],
  networks: [],
  top: [],
  engines: [],
});

describe("appendSample", () => {
  it("appends each sample once and keeps the last TRAFFIC_HISTORY", () => {
    let h = {};
    for (let i = 0; i < TRAFFIC_HISTORY + 10; i++) h = appendSample(h, sample(1000 * i, i === 0 ? null : i));
    h = appendSample(h, sample(1000 * (TRAFFIC_HISTORY + 9), 5));
    const column = (
      h as Record<string, { at: number[]; rxBytes: (number | null)[]; txBytes: (number | null)[] }>
    )["endpoint:lab:n:c"];
    expect(column?.at).toHaveLength(TRAFFIC_HISTORY);
    expect(column?.at[0]).toBe(10_000);
    expect(column?.rxBytes[column.rxBytes.length - 1]).toBe(TRAFFIC_HISTORY + 9);
    expect(column?.txBytes[0]).toBe(5);
  });
});

describe("formatRate and trafficLevel", () => {
  it("says rates with at most three significant digits", () => {
    expect(formatRate(0)).toBe("0 B/s");
    expect(formatRate(999)).toBe("999 B/s");
    expect(formatRate(1234)).toBe("1.2 kB/s");
    expect(formatRate(123_456)).toBe("123 kB/s");
    expect(formatRate(45_600_000)).toBe("45.6 MB/s");
  });

  it("weighs idle as 0, a trickle above it, and 100 MB/s or more as 1", () => {
    expect(trafficLevel(0)).toBe(0);
    expect(trafficLevel(100)).toBeGreaterThan(0.2);
    expect(trafficLevel(1e6)).toBeLessThan(trafficLevel(1e7));
    expect(trafficLevel(1e9)).toBe(1);
  });
});

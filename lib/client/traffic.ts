"use client";
// Traffic in the browser: while the map's "Traffic" switch is on, one GET /api/traffic event stream (the server
// samples only while someone listens), the latest sample, and each endpoint's history for sparklines (the
// server's last 5 minutes on connect, then every sample appended). Off: no stream, nothing kept.
import { useEffect, useState } from "react";
import { TRAFFIC_HISTORY, type TrafficHistory, type TrafficMessage } from "@/lib/api/traffic";

export interface TrafficState {
  latest: TrafficMessage | null;
  history: TrafficHistory;
  /** The stream is down and retrying (the browser's EventSource does). */
  error: string | null;
}

const EMPTY: TrafficState = { latest: null, history: {}, error: null };

/** The history with one more sample per endpoint, each column kept to the last TRAFFIC_HISTORY entries. */
export function appendSample(history: TrafficHistory, message: TrafficMessage): TrafficHistory {
  const at = Date.parse(message.at);
  const next: TrafficHistory = { ...history };
  for (const e of message.endpoints) {
    const h = next[e.id] ?? { at: [], rxBytes: [], txBytes: [], rxPackets: [], txPackets: [] };
    if (h.at[h.at.length - 1] === at) continue;
    const keep = <T>(list: T[], value: T) => [...list, value].slice(-TRAFFIC_HISTORY);
    next[e.id] = {
      at: keep(h.at, at),
      rxBytes: keep(h.rxBytes, e.rates?.rxBytes ?? null),
      txBytes: keep(h.txBytes, e.rates?.txBytes ?? null),
      rxPackets: keep(h.rxPackets, e.rates?.rxPackets ?? null),
      txPackets: keep(h.txPackets, e.rates?.txPackets ?? null),
    };
  }
  return next;
}

export function useTraffic(enabled: boolean): TrafficState {
  const [state, setState] = useState<TrafficState>(EMPTY);
  useEffect(() => {
    if (!enabled) {
      setState(EMPTY);
      return;
    }
    const source = new EventSource("/api/traffic");
    source.addEventListener("traffic", (event) => {
      const message = JSON.parse((event as MessageEvent<string>).data) as TrafficMessage;
      setState((s) => ({
        latest: message,
        history: appendSample(message.history ?? s.history, message),
        error: null,
      }));
    });
    source.onerror = () =>
      setState((s) => ({ ...s, error: "The traffic stream is interrupted; it reconnects by itself." }));
    return () => source.close();
  }, [enabled]);
  return state;
}

const UNITS = ["B/s", "kB/s", "MB/s", "GB/s"];
/** 1234 → "1.2 kB/s": three significant digits at most. */
export function formatRate(bytesPerSecond: number): string {
  let v = bytesPerSecond;
  let u = 0;
  while (v >= 1000 && u < UNITS.length - 1) {
    v /= 1000;
    u++;
  }
  return `${v >= 100 || u === 0 ? Math.round(v) : v.toFixed(1)} ${UNITS[u]}`;
}

/** A rate's weight on the map, 0 (idle) to 1 (100 MB/s and more), on a log scale so a trickle still shows. */
export function trafficLevel(bytesPerSecond: number): number {
  if (bytesPerSecond <= 0) return 0;
  return Math.min(1, Math.log10(1 + bytesPerSecond) / 8);
}

"use client";
// The browser's end of the live stream: keeps a topology current from GET /api/events, applies everything
// that arrived within one animation frame in one go, reconnects with capped exponential backoff (resuming from
// the last event id), and detects gaps (a version skipped) by asking for a fresh snapshot.
import { useCallback, useEffect, useRef, useState } from "react";
import type { DeltaMessage, FeedStatus, SnapshotMessage, StatusMessage } from "@/lib/api/live";
import type { TopologyDto } from "@/lib/api/types";
import { applyDeltas } from "@/lib/topology/delta";
import { describeDeltas, type TimelineEntry } from "@/lib/topology/timeline";
import { api } from "./api";

export type ConnectionState = "connecting" | "live" | "reconnecting";

export interface LiveState {
  topology: TopologyDto | null;
  feeds: FeedStatus[];
  connection: { state: ConnectionState; since: string };
  timeline: TimelineEntry[];
  /** The version of the last change applied (null before the first snapshot). */
  version: number | null;
}

const TIMELINE_SIZE = 300;
const RETRY_MIN_MS = 500;
const RETRY_MAX_MS = 10_000;
/** A rebuild that changes this much is told as one line, not one per object. */
const RESYNC_SUMMARY_OVER = 12;

const now = () => new Date().toISOString();

function timelineFor(message: DeltaMessage, before: TopologyDto, after: TopologyDto): TimelineEntry[] {
  if (message.cause === "resync" && message.deltas.length > RESYNC_SUMMARY_OVER) {
    return [
      {
        id: `${message.version}.0`,
        at: message.at,
        text: `resynced from a full listing: ${message.deltas.length} changes`,
        tone: "change",
        elementId: null,
        networks: [],
        containers: [],
      },
    ];
  }
  return describeDeltas(message.deltas, before, after, message.version, message.at);
}

/** A stream that ends because the session ended (logout elsewhere, expiry) sends the person to sign in. */
async function signedOut(): Promise<boolean> {
  const response = await fetch("/api/auth/me", { credentials: "same-origin" }).catch(() => null);
  return response?.status === 401;
}

export function useLiveTopology(initial: TopologyDto | null): LiveState & { resync(): Promise<void> } {
  const [state, setState] = useState<LiveState>({
    topology: initial,
    feeds: [],
    connection: { state: "connecting", since: now() },
    timeline: [],
    version: null,
  });
  const queue = useRef<Array<{ type: "snapshot"; m: SnapshotMessage } | { type: "delta"; m: DeltaMessage }>>(
    [],
  );
  const frame = useRef<number | null>(null);
  const reconnect = useRef<(fresh: boolean) => void>(() => {});

  const flush = useCallback(() => {
    frame.current = null;
    const batch = queue.current;
    queue.current = [];
    setState((s) => {
      let topology = s.topology;
      let version = s.version;
      let timeline = s.timeline;
      let feeds = s.feeds;
      for (const item of batch) {
        if (item.type === "snapshot") {
          topology = item.m.topology;
          version = item.m.version;
          feeds = item.m.feeds;
          continue;
        }
        if (!topology || version === null || item.m.version !== version + 1) {
          if (version !== null && item.m.version <= version) continue; // already applied
          reconnect.current(true); // a gap: start again from a snapshot
          break;
        }
        const after = applyDeltas(topology, item.m.deltas);
        timeline = [...timelineFor(item.m, topology, after).reverse(), ...timeline].slice(0, TIMELINE_SIZE);
        topology = after;
        version = item.m.version;
      }
      return { ...s, topology, version, timeline, feeds };
    });
  }, []);

  const push = useCallback(
    (item: (typeof queue.current)[number]) => {
      queue.current.push(item);
      frame.current ??= requestAnimationFrame(flush);
    },
    [flush],
  );

  useEffect(() => {
    let source: EventSource | null = null;
    let lastId: string | null = null;
    let attempt = 0;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let closed = false;

    const open = () => {
      if (closed) return;
      source = new EventSource(`/api/events${lastId ? `?lastEventId=${encodeURIComponent(lastId)}` : ""}`);
      source.addEventListener("open", () => {
        attempt = 0;
        setState((s) => ({ ...s, connection: { state: "live", since: now() } }));
      });
      source.addEventListener("snapshot", (e) => {
        lastId = (e as MessageEvent).lastEventId || lastId;
        push({ type: "snapshot", m: JSON.parse((e as MessageEvent).data) });
      });
      source.addEventListener("delta", (e) => {
        lastId = (e as MessageEvent).lastEventId || lastId;
        push({ type: "delta", m: JSON.parse((e as MessageEvent).data) });
      });
      source.addEventListener("status", (e) => {
        const m = JSON.parse((e as MessageEvent).data) as StatusMessage;
        setState((s) => ({ ...s, feeds: m.feeds }));
      });
      source.addEventListener("error", () => {
        retry(false);
        void signedOut().then((out) => {
          if (out && !closed)
            window.location.assign(`/login?next=${encodeURIComponent(window.location.pathname)}`);
        });
      });
    };

    // The browser's own EventSource retry has a fixed delay; ours backs off and resumes from lastId.
    const retry = (fresh: boolean) => {
      source?.close();
      source = null;
      if (fresh) lastId = null;
      if (timer || closed) return;
      const delay = fresh ? 0 : Math.min(RETRY_MIN_MS * 2 ** attempt, RETRY_MAX_MS);
      attempt++;
      setState((s) =>
        s.connection.state === "reconnecting"
          ? s
          : { ...s, connection: { state: "reconnecting", since: now() } },
      );
      timer = setTimeout(() => {
        timer = null;
        open();
      }, delay);
    };
    reconnect.current = retry;
    open();
    return () => {
      closed = true;
      source?.close();
      if (timer) clearTimeout(timer);
      if (frame.current !== null) cancelAnimationFrame(frame.current);
    };
  }, [push]);

  const resync = useCallback(async () => {
    await api("/api/resync", { method: "POST" }).catch(() => null);
    reconnect.current(true);
  }, []);

  return { ...state, resync };
}

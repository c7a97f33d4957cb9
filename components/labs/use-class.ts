"use client";
// Follow-along in the browser. The presenter's side publishes the class state (POST /api/class) whenever it
// changes: at once for a step, a selection or the pointer, at most every PUBLISH_MS while the view moves, with
// the node positions only when they changed. The follower's side reads GET /api/class/events.
import type { Core } from "cytoscape";
import { type RefObject, useEffect, useRef, useState } from "react";
import { CLASS_MAX_POSITIONS, type ClassMessage, type ClassState } from "@/lib/api/class";
import { api, toApiError } from "@/lib/client/api";
import type { CanvasHandle } from "../graph/TopologyCanvas";
import { readPositions, readViewport } from "./canvas-class";

/** Under the server's 20 a second per presenter, with room for a step change between two moves. */
const PUBLISH_MS = 60;
/** How often the presenter's node positions are compared with the last ones sent. */
const POSITIONS_CHECK_MS = 1000;
/** A quiet presenter still publishes this often: the follower count it gets back stays current. */
const HEARTBEAT_MS = 3000;

export type ClassBase = Omit<ClassState, "viewport" | "positions">;

export function usePublishClass(
  enabled: boolean,
  base: ClassBase,
  canvas: RefObject<CanvasHandle | null>,
): { followers: number | null; error: string | null } {
  const [followers, setFollowers] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const baseRef = useRef(base);
  baseRef.current = base;
  const sentPositions = useRef("");
  const last = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const inFlight = useRef(false);
  const again = useRef(false);

  // One scheduler for the page's life: publishes run one at a time, the latest state wins, at most one per
  // PUBLISH_MS. Kept in a ref (it reads only refs), so effects can depend on it without re-subscribing.
  const scheduler = useRef<(() => void) | null>(null);
  scheduler.current ??= (() => {
    const send = async () => {
      if (inFlight.current) {
        again.current = true;
        return;
      }
      const cy = canvas.current?.core() ?? null;
      const state: ClassState = { ...baseRef.current, viewport: cy ? readViewport(cy) : null };
      const positions = cy ? readPositions(cy, CLASS_MAX_POSITIONS) : null;
      const key = positions ? JSON.stringify(positions) : "";
      if (positions && key !== sentPositions.current) state.positions = positions;
      inFlight.current = true;
      last.current = Date.now();
      try {
        const answer = await api<{ followers: number }>("/api/class", { method: "POST", body: state });
        if (state.positions) sentPositions.current = key;
        setFollowers(answer.followers);
        setError(null);
      } catch (err) {
        setError(toApiError(err).message);
      } finally {
        inFlight.current = false;
        if (again.current) {
          again.current = false;
          schedule();
        }
      }
    };
    const schedule = () => {
      if (timer.current) return;
      const wait = Math.max(0, PUBLISH_MS - (Date.now() - last.current));
      timer.current = setTimeout(() => {
        timer.current = null;
        void send();
      }, wait);
    };
    return schedule;
  })();
  const schedule = scheduler.current;

  // The state itself: published when any part changes.
  const baseKey = JSON.stringify(base);
  // biome-ignore lint/correctness/useExhaustiveDependencies: baseKey stands for base
  useEffect(() => {
    if (enabled) schedule();
  }, [enabled, baseKey, schedule]);

  // The view and the positions: on each move (throttled), and a periodic look at the positions.
  useEffect(() => {
    if (!enabled) return;
    let cy: Core | null = null;
    // The canvas exists once the map has loaded (the page may wait for an engine): listen from then on.
    const attach = setInterval(() => {
      cy = canvas.current?.core() ?? null;
      if (!cy) return;
      clearInterval(attach);
      cy.on("viewport layoutstop dragfree", schedule);
    }, 100);
    const check = setInterval(() => {
      const now = canvas.current?.core();
      const positions = now ? readPositions(now, CLASS_MAX_POSITIONS) : null;
      if (positions && JSON.stringify(positions) !== sentPositions.current) schedule();
    }, POSITIONS_CHECK_MS);
    const heartbeat = setInterval(schedule, HEARTBEAT_MS);
    return () => {
      clearInterval(attach);
      clearInterval(check);
      clearInterval(heartbeat);
      cy?.off("viewport layoutstop dragfree", schedule);
      if (timer.current) clearTimeout(timer.current);
      timer.current = null;
    };
  }, [enabled, canvas, schedule]);

  return { followers, error };
}

export type FollowConnection = "connecting" | "live" | "reconnecting";

/** The class as the server streams it: the latest message (positions carried over), or null while idle. */
export function useFollowClass(): { message: ClassMessage | null; connection: FollowConnection } {
  const [message, setMessage] = useState<ClassMessage | null>(null);
  const [connection, setConnection] = useState<FollowConnection>("connecting");
  useEffect(() => {
    const source = new EventSource("/api/class/events");
    let positions: ClassState["positions"];
    source.addEventListener("open", () => setConnection("live"));
    source.addEventListener("error", () => setConnection("reconnecting"));
    source.addEventListener("idle", () => setMessage(null));
    source.addEventListener("state", (event) => {
      const m = JSON.parse((event as MessageEvent<string>).data) as ClassMessage;
      if (m.state.positions) positions = m.state.positions;
      setMessage({ ...m, state: { ...m.state, positions } });
    });
    return () => source.close();
  }, []);
  return { message, connection };
}

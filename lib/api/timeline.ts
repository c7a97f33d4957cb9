// The timeline as JSON lines (GET /api/timeline?format=jsonl, GET /api/timeline/stream): one flat object per
// change, the same sentence the map's timeline shows, for a log pipeline (Fluentd, Loki) to take as it is.
// The fields are documented one by one in docs/logs.md; they only ever gain fields, never change meaning.
import { AppError } from "./errors";
import type { DeltaKind } from "./live";

export interface TimelineLine {
  /** ISO time the server saw the change (the batch's time). */
  time: string;
  /** The live store's version after the batch this change is in (the live stream's event id). */
  version: number;
  /** Position of the change in its batch: `version` and `seq` together are unique within a server process. */
  seq: number;
  /** "event": Docker reported it; "resync": found by a rebuild from a full listing. */
  cause: "event" | "resync";
  /** The engine id of the object. */
  engine: string;
  kind: DeltaKind;
  op: "add" | "change" | "remove";
  /** The object's key in the store: `engine/id` (endpoints `engine/network/container`, engines their id). */
  id: string;
  /** The object's name (network, container, service, node host name, task label, engine id); null if unknown. */
  name: string | null;
  /** What it means on the map: an element appeared (add), changed, or went (remove, also "unreachable"). */
  tone: "add" | "change" | "remove";
  /** The sentence the map's timeline shows. */
  message: string;
  /** The networks and containers the change concerns, by name (the timeline's filter). */
  networks: string[];
  containers: string[];
}

/** `since=`: a version (a whole number, as in the live stream's ids) or a time (ISO 8601, epoch ms not). */
export type TimelineSince = { version: number } | { time: number } | null;

/** Reads `since=`: a version (whole number) or an ISO 8601 time; empty or absent is null; anything else 400. */
export function parseTimelineSince(value: string | null): TimelineSince {
  if (value === null || value.trim() === "") return null;
  const text = value.trim();
  if (/^\d{1,15}$/.test(text)) return { version: Number(text) };
  // A time must look like one (2026-12-07, 2026-12-07T15:00:00Z): Date.parse alone takes "1" or "May 5".
  const time = /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(text)
    ? Date.parse(text)
    : Number.NaN;
  if (Number.isNaN(time))
    throw new AppError(
      "bad_request",
      `since "${text.slice(0, 40)}" is neither a version (a whole number, as in a line's "version") nor a time (ISO 8601, e.g. 2026-12-07T15:00:00Z).`,
    );
  return { time };
}

/** Reads `format=` of GET /api/timeline: JSON lines is the only one (absent means it too). */
export function parseTimelineFormat(value: string | null): "jsonl" {
  if (value === null || value === "" || value === "jsonl") return "jsonl";
  throw new AppError("bad_request", `format "${value.slice(0, 20)}" is not known: use format=jsonl.`);
}

/** Reads `heartbeat=` of a JSON lines stream: seconds between empty lines (5 to 300), or none when absent. */
export function parseHeartbeat(value: string | null): number | null {
  if (value === null || value === "") return null;
  const seconds = /^\d{1,4}$/.test(value) ? Number(value) : Number.NaN;
  if (!(seconds >= 5 && seconds <= 300))
    throw new AppError(
      "bad_request",
      `heartbeat "${value.slice(0, 20)}" must be a whole number of seconds from 5 to 300 (or left out for none).`,
    );
  return seconds * 1000;
}

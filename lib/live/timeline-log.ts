// The server's timeline, as JSON lines: the live hub keeps the last change batches (recentChanges), but a
// sentence needs the topology before its batch too ("web1 left app-net" needs web1's name). This log follows the
// hub's batches with its own copy of the topology and turns each batch into lines once (timelineLines, the same
// sentences as the map's timeline), for GET /api/timeline (what is kept) and GET /api/timeline/stream (what
// comes). It is brought up to date whenever it is read and on every batch a timeline stream receives; it never
// subscribes to the hub itself, so it keeps no feed running (NETATLAS_LIVE_ALWAYS=0 still stops when idle).
import "server-only";
import type { DeltaMessage } from "@/lib/api/live";
import type { TimelineLine, TimelineSince } from "@/lib/api/timeline";
import type { TopologyDto } from "@/lib/api/types";
import { applyDeltas, EMPTY_TOPOLOGY } from "@/lib/topology/delta";
import { isSince, timelineLines } from "@/lib/topology/timeline-lines";
import { type LiveHub, liveHub } from "./hub";

/** The hub's NETATLAS_LIVE_LOG_SIZE, read the same way: a log shorter than this has dropped nothing. */
function hubLogSize(): number {
  return Number(process.env.NETATLAS_LIVE_LOG_SIZE ?? 2000);
}

/** What the log can tell: lines for every batch with a version above `from`, up to `version`. */
export interface TimelineWindow {
  /** Lines cover the batches after this version (a `since` below it cannot be answered in full). */
  from: number;
  /** The store's version the lines reach. */
  version: number;
  /** Time of the oldest batch covered, null when none is. */
  fromTime: string | null;
  /** True when the lines go back to the store's start (nothing has been dropped). */
  complete: boolean;
}

export class TimelineLog {
  /** The hub's log array we followed: the hub makes a new one when it drops its store (idle stop). */
  private followed: readonly DeltaMessage[] | null = null;
  private topology: TopologyDto = EMPTY_TOPOLOGY;
  private version = 0;
  private lines: TimelineLine[] = [];
  private from = 0;
  private complete = false;

  constructor(private readonly hub: () => LiveHub = liveHub) {}

  /** Brings the lines up to the hub's current version. */
  sync(): void {
    const hub = this.hub();
    const log = hub.recentChanges();
    if (this.followed !== log) this.restart(hub, log);
    else if (hub.currentVersion !== this.version) {
      for (const message of log) {
        if (message.version <= this.version) continue;
        if (message.version !== this.version + 1) {
          // More batches passed than the hub keeps since we last looked: start again where the hub is.
          this.restart(hub, log);
          return;
        }
        this.take(message);
      }
    }
    this.trim(log);
  }

  /** Every kept line after `since`, oldest first, and what the window covers. */
  read(since: TimelineSince = null): { lines: TimelineLine[]; window: TimelineWindow } {
    this.sync();
    return {
      lines: since === null ? [...this.lines] : this.lines.filter((l) => isSince(l, since)),
      window: this.window(),
    };
  }

  /** The lines of one batch (a timeline stream calls this for each batch the hub hands it). */
  linesOf(version: number): TimelineLine[] {
    this.sync();
    const out: TimelineLine[] = [];
    for (let i = this.lines.length - 1; i >= 0; i--) {
      const line = this.lines[i] as TimelineLine;
      if (line.version < version) break;
      if (line.version === version) out.push(line);
    }
    return out.reverse();
  }

  window(): TimelineWindow {
    const first = this.hub()
      .recentChanges()
      .find((m) => m.version === this.from + 1);
    return { from: this.from, version: this.version, fromTime: first?.at ?? null, complete: this.complete };
  }

  private take(message: DeltaMessage): void {
    const after = applyDeltas(this.topology, message.deltas);
    for (const line of timelineLines(message, this.topology, after)) this.lines.push(line);
    this.topology = after;
    this.version = message.version;
  }

  /**
   * Starts over from what the hub holds. A log shorter than the hub's size has dropped nothing since its store
   * was last empty, so folding it from an empty topology gives every batch its true "before"; otherwise the
   * batches before now cannot be told (the topology before the oldest is gone) and the lines start from now.
   */
  private restart(hub: LiveHub, log: readonly DeltaMessage[]): void {
    this.followed = log;
    this.lines = [];
    const first = log[0];
    if (first && log.length < hubLogSize()) {
      this.topology = EMPTY_TOPOLOGY;
      this.version = first.version - 1;
      this.from = this.version;
      this.complete = true;
      for (const message of log) this.take(message);
    } else {
      this.topology = hub.topology;
      this.version = hub.currentVersion;
      this.from = this.version;
      this.complete = log.length === 0;
    }
  }

  /** Forgets the lines of batches the hub no longer keeps. */
  private trim(log: readonly DeltaMessage[]): void {
    const oldest = log[0]?.version;
    if (oldest === undefined || oldest - 1 <= this.from) return;
    this.from = oldest - 1;
    this.complete = false;
    const keep = this.lines.findIndex((l) => l.version >= oldest);
    this.lines = keep === -1 ? [] : this.lines.slice(keep);
  }
}

// One per server process, like the hub (every route bundle shares it).
const LOG = Symbol.for("netatlas.live.timeline-log");
type GlobalWithLog = typeof globalThis & { [LOG]?: TimelineLog };

export function timelineLog(): TimelineLog {
  const g = globalThis as GlobalWithLog;
  g[LOG] ??= new TimelineLog();
  return g[LOG];
}

// What the timeline routes share: the JSON lines download as a stream (500 lines per chunk, like the audit CSV),
// the headers that say which versions it covers, and the check that a stream can resume from `since`.
import "server-only";
import { AppError } from "@/lib/api/errors";
import type { TimelineSince } from "@/lib/api/timeline";
import { jsonLines } from "@/lib/topology/timeline-lines";
import type { TimelineWindow } from "./timeline-log";

const CHUNK_LINES = 500;

export function jsonLinesStream(lines: readonly unknown[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= lines.length) {
        controller.close();
        return;
      }
      controller.enqueue(encoder.encode(jsonLines(lines.slice(at, at + CHUNK_LINES))));
      at += CHUNK_LINES;
    },
  });
}

/** Headers naming the window a download or stream covers: lines are for versions above From, up to Version. */
export function windowHeaders(window: TimelineWindow): Record<string, string> {
  return {
    "X-Netatlas-Timeline-From": String(window.from),
    "X-Netatlas-Timeline-Version": String(window.version),
    "X-Netatlas-Timeline-Complete": window.complete ? "1" : "0",
  };
}

/**
 * Refuses (409) a resume the kept lines cannot answer in full: a version older than the window or newer than the
 * store (an id from another server process), or a time before the oldest kept batch once batches were dropped.
 */
export function checkResumable(since: TimelineSince, window: TimelineWindow): void {
  if (since === null) return;
  const keeps =
    window.version === window.from
      ? `this server keeps no timeline lines yet (store version ${window.version})`
      : `this server keeps the timeline after version ${window.from} (from ${window.fromTime}) up to ${window.version}`;
  const way =
    "GET /api/timeline?format=jsonl downloads what is kept; stream without since= to follow from now.";
  if ("version" in since) {
    if (since.version < window.from || since.version > window.version)
      throw new AppError("conflict", `Cannot resume from version ${since.version}: ${keeps}. ${way}`);
    return;
  }
  if (!window.complete && (window.fromTime === null || since.time < Date.parse(window.fromTime)))
    throw new AppError(
      "conflict",
      `Cannot resume from ${new Date(since.time).toISOString()}: older changes were dropped, ${keeps}. ${way}`,
    );
}

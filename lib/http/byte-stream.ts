// The one long-lived response body under every stream Netatlas serves (server-sent events for the map, JSON lines
// for log shippers): text written as it comes, one end however it comes (the client goes, the server closes, a
// client falls more than 8 MiB behind), and what the stream took released exactly once at that end.
import "server-only";
import type { Permission } from "@/lib/api/auth";
import type { Principal } from "@/lib/auth/guard";
import { stillValid } from "@/lib/auth/guard";
import { onRevoked } from "@/lib/auth/revocation";

export interface StreamOut {
  write(text: string): void;
  /** Ends the stream from the server side. */
  close(): void;
}

/** A client this many bytes behind is cut off rather than buffered without end. */
const MAX_BACKLOG_BYTES = 8 * 1024 * 1024;
/** setTimeout's largest delay; a longer expiry is checked again by the revocation watch. */
const MAX_TIMER_MS = 2 ** 31 - 1;
const encoder = new TextEncoder();

/**
 * Answers with a stream. `begin` runs once the stream starts and returns what releases what it took; that runs
 * exactly once, at the end (at once if the stream ended while `begin` ran). A `begin` that throws ends the stream.
 */
export function streamResponse(
  request: Request,
  headers: Record<string, string>,
  begin: (out: StreamOut) => Promise<() => void> | (() => void),
): Response {
  // The request is held until the stream ends: Node links the signal a Request was made with to its own
  // signal through a weak reference, so once the Request is garbage-collected an abort of the connection no
  // longer reaches request.signal, and the stream (with its live-store subscription and slot) would never be
  // released. (Found by the events integration test, which failed after a full GC on busy cores.)
  let held: Request | null = request;
  let release: (() => void) | null = null;
  let closed = false;
  let controllerRef: ReadableStreamDefaultController<Uint8Array> | null = null;

  const finish = () => {
    if (closed) return;
    closed = true;
    held?.signal.removeEventListener("abort", finish);
    held = null;
    try {
      release?.();
    } catch (err) {
      console.error("netatlas: a stream's cleanup failed:", err);
    }
    release = null;
    try {
      controllerRef?.close();
    } catch {
      // already closed by the reader going away
    }
  };

  const out: StreamOut = {
    write(text) {
      if (closed || !controllerRef) return;
      controllerRef.enqueue(encoder.encode(text));
      if ((controllerRef.desiredSize ?? 0) < -MAX_BACKLOG_BYTES) finish();
    },
    close: finish,
  };

  const stream = new ReadableStream<Uint8Array>(
    {
      async start(controller) {
        controllerRef = controller;
        if (request.signal.aborted) {
          finish();
          return;
        }
        request.signal.addEventListener("abort", finish);
        try {
          const releaseFn = await begin(out);
          if (closed) releaseFn();
          else release = releaseFn;
        } catch (err) {
          finish();
          throw err;
        }
      },
      cancel() {
        finish();
      },
    },
    new ByteLengthQueuingStrategy({ highWaterMark: 64 * 1024 }),
  );
  return new Response(stream, { headers });
}

/**
 * Ends an open stream (`end`) when the credentials behind it stop holding: logout, a revoked token, a lowered
 * role, a removed user (the revocation watch), or the session's expiry. Returns how to stop watching.
 */
export function watchCredentials(who: Principal, need: Permission, end: () => void): () => void {
  const stopWatching = onRevoked(() => {
    if (!stillValid(who, need)) end();
  });
  const expiry =
    who.expiresAt === null
      ? null
      : setTimeout(end, Math.min(MAX_TIMER_MS, Math.max(0, who.expiresAt - Date.now())));
  return () => {
    stopWatching();
    if (expiry) clearTimeout(expiry);
  };
}

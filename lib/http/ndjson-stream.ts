// A long-lived stream of JSON lines for log shippers (GET /api/timeline/stream, GET /api/audit/stream): the same
// rules as the server-sent event streams of lib/http/live-stream.ts (the guard, a live-stream slot per principal
// and in total, an end when the credentials stop holding: logout, expiry, a revoked token, a lowered role, a
// removed user), but plain NDJSON, which Fluentd, Promtail or `curl -N >> file` take line by line. A client more
// than 8 MiB behind is cut off, as with the event streams. An optional heartbeat is an empty line, which JSON
// lines readers skip.
import "server-only";
import type { Permission } from "@/lib/api/auth";
import { guard, type Principal, stillValid } from "@/lib/auth/guard";
import { onRevoked } from "@/lib/auth/revocation";
import { openStreamSlot } from "./limits";
import { NDJSON_HEADERS } from "./ndjson";
import { errorResponse } from "./respond";

export interface NdjsonChannel {
  /** Sends one value as one line. */
  send(value: unknown): void;
  /** Ends the stream from the server side. */
  close(): void;
}

/** setTimeout's largest delay; a longer expiry is checked again by the revocation watch. */
const MAX_TIMER_MS = 2 ** 31 - 1;
const MAX_BACKLOG_BYTES = 8 * 1024 * 1024;
const encoder = new TextEncoder();

export function ndjsonReaderStream<T>(
  request: Request,
  options: {
    need: Extract<Permission, "read" | "admin" | "audit">;
    /** Reads the request's parameters after the guard; a throw is answered as an error, before any slot. */
    parse?: (request: Request) => T;
    /**
     * Runs before the first byte: may still refuse (a throw is answered as an error, the slot given back) and
     * returns how to start following, so nothing is lost between the check and the subscription.
     */
    prepare?: (params: T, who: Principal) => Promise<void> | void;
    /** Subscribes the channel to its source; returns how to unsubscribe. Called synchronously at the start. */
    follow: (channel: NdjsonChannel, params: T, who: Principal) => () => void;
    /** Milliseconds between empty lines, or null for none. */
    heartbeatMs?: (params: T) => number | null;
  },
): Promise<Response> {
  let who: Principal;
  let params: T;
  try {
    who = guard(request, options.need);
    params = options.parse ? options.parse(request) : (undefined as T);
  } catch (err) {
    return Promise.resolve(errorResponse(err));
  }
  return (async () => {
    let releaseSlot: () => void;
    try {
      releaseSlot = openStreamSlot(who);
    } catch (err) {
      return errorResponse(err);
    }
    try {
      await options.prepare?.(params, who);
    } catch (err) {
      releaseSlot();
      return errorResponse(err);
    }
    return open(request, options, who, params, releaseSlot);
  })();
}

function open<T>(
  request: Request,
  options: Parameters<typeof ndjsonReaderStream<T>>[1],
  who: Principal,
  params: T,
  releaseSlot: () => void,
): Response {
  // Held until the stream ends: see lib/http/sse.ts (an abort no longer reaches a collected Request's signal).
  let held: Request | null = request;
  let controllerRef: ReadableStreamDefaultController<Uint8Array> | null = null;
  let closed = false;
  const cleanups: Array<() => void> = [releaseSlot];

  const finish = () => {
    if (closed) return;
    closed = true;
    held?.signal.removeEventListener("abort", finish);
    held = null;
    for (const cleanup of cleanups.splice(0)) {
      try {
        cleanup();
      } catch (err) {
        console.error("netatlas: a stream's cleanup failed:", err);
      }
    }
    try {
      controllerRef?.close();
    } catch {
      // already closed by the reader going away
    }
  };

  const write = (text: string) => {
    if (closed || !controllerRef) return;
    controllerRef.enqueue(encoder.encode(text));
    if ((controllerRef.desiredSize ?? 0) < -MAX_BACKLOG_BYTES) finish();
  };

  const stream = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        controllerRef = controller;
        if (request.signal.aborted) {
          finish();
          return;
        }
        request.signal.addEventListener("abort", finish);
        cleanups.push(
          onRevoked(() => {
            if (!stillValid(who, options.need)) finish();
          }),
        );
        if (who.expiresAt !== null) {
          const expiry = setTimeout(finish, Math.min(MAX_TIMER_MS, Math.max(0, who.expiresAt - Date.now())));
          cleanups.push(() => clearTimeout(expiry));
        }
        const every = options.heartbeatMs?.(params) ?? null;
        if (every !== null) {
          const heartbeat = setInterval(() => write("\n"), every);
          cleanups.push(() => clearInterval(heartbeat));
        }
        const channel: NdjsonChannel = {
          send: (value) => write(`${JSON.stringify(value)}\n`),
          close: finish,
        };
        try {
          const unfollow = options.follow(channel, params, who);
          // The stream may have ended while it started (a backlog cut-off): then let go at once.
          if (closed) unfollow();
          else cleanups.push(unfollow);
        } catch (err) {
          console.error("netatlas: a stream could not start following its source:", err);
          finish();
        }
      },
      cancel() {
        finish();
      },
    },
    new ByteLengthQueuingStrategy({ highWaterMark: 64 * 1024 }),
  );
  return new Response(stream, { status: 200, headers: { ...NDJSON_HEADERS } });
}

// A long-lived stream of JSON lines for log shippers (GET /api/timeline/stream, GET /api/audit/stream): the same
// rules as the server-sent event streams of lib/http/live-stream.ts (the guard, a live-stream slot per principal
// and in total, an end when the credentials stop holding: logout, expiry, a revoked token, a lowered role, a
// removed user), but plain NDJSON, which Fluentd, Promtail or `curl -N >> file` take line by line. A client more
// than 8 MiB behind is cut off, as with the event streams. An optional heartbeat is an empty line, which JSON
// lines readers skip.
import "server-only";
import type { Permission } from "@/lib/api/auth";
import { guard, type Principal } from "@/lib/auth/guard";
import { streamResponse, watchCredentials } from "./byte-stream";
import { openStreamSlot } from "./limits";
import { NDJSON_HEADERS } from "./ndjson";
import { errorResponse } from "./respond";

export interface NdjsonChannel {
  /** Sends one value as one line. */
  send(value: unknown): void;
  /** Ends the stream from the server side. */
  close(): void;
}

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
  // The slot is given back however the stream ends (the release runs once), even a client gone before it began.
  request.signal.addEventListener("abort", releaseSlot, { once: true });
  return streamResponse(request, { ...NDJSON_HEADERS }, (out) => {
    const cleanups: Array<() => void> = [releaseSlot, watchCredentials(who, options.need, out.close)];
    const release = () => {
      for (const cleanup of cleanups.splice(0)) cleanup();
    };
    const every = options.heartbeatMs?.(params) ?? null;
    if (every !== null) {
      const heartbeat = setInterval(() => out.write("\n"), every);
      cleanups.push(() => clearInterval(heartbeat));
    }
    const channel: NdjsonChannel = {
      send: (value) => out.write(`${JSON.stringify(value)}\n`),
      close: out.close,
    };
    try {
      cleanups.push(options.follow(channel, params, who));
    } catch (err) {
      // Ended cleanly rather than broken: a shipper sees the end of a stream and reconnects.
      console.error("netatlas: a stream could not start following its source:", err);
      out.close();
    }
    return release;
  });
}

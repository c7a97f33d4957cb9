// A server-sent event stream for readers (GET /api/events, /api/traffic, /api/class/events), in one place: the
// guard, a live-stream slot (lib/http/limits.ts: per principal and in total), and an end when the credentials
// behind it stop holding (logout, expiry, a revoked token, a removed user). `follow` subscribes the channel to its
// source and gives back how to unsubscribe; the slot and the watches are released however the stream ends.
import "server-only";
import { guard, type Principal } from "@/lib/auth/guard";
import { watchCredentials } from "./byte-stream";
import { openStreamSlot } from "./limits";
import { errorResponse } from "./respond";
import { type SseChannel, sseResponse } from "./sse";

export function readerStream<T>(
  request: Request,
  options: {
    /** Reads the request's own parameters after the guard; a throw is answered as an error, before any slot. */
    parse?: (request: Request) => T;
    follow: (channel: SseChannel, params: T, who: Principal) => Promise<() => void> | (() => void);
    retryMs?: number;
  },
): Response {
  let who: Principal;
  let params: T;
  let releaseSlot: () => void;
  try {
    who = guard(request, "read");
    params = options.parse ? options.parse(request) : (undefined as T);
    releaseSlot = openStreamSlot(who);
  } catch (err) {
    return errorResponse(err);
  }
  // The slot is given back however the stream ends (the release runs once): client gone, server close, failure.
  request.signal.addEventListener("abort", releaseSlot, { once: true });
  return sseResponse(
    request,
    async (channel) => {
      const stopWatching = watchCredentials(who, "read", channel.close);
      const release = () => {
        releaseSlot();
        stopWatching();
      };
      try {
        const unsubscribe = await options.follow(channel, params, who);
        return () => {
          release();
          unsubscribe();
        };
      } catch (err) {
        release();
        throw err;
      }
    },
    options.retryMs,
  );
}

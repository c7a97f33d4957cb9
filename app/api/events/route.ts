// GET /api/events: the live map as server-sent events — a snapshot, then numbered deltas; a client that
// reconnects with Last-Event-ID (header, or ?lastEventId=) gets what it missed, or a new snapshot.
// The stream ends when the credentials behind it stop holding (logout, expiry, revoked token, removed user).
// Streams are capped per principal and in total (lib/http/limits.ts): beyond a cap, 429 with Retry-After.
import { parseLastEventId } from "@/lib/api/refs";
import { guard, stillValid } from "@/lib/auth/guard";
import { onRevoked } from "@/lib/auth/revocation";
import { openStreamSlot } from "@/lib/http/limits";
import { errorResponse } from "@/lib/http/respond";
import { type SseChannel, sseResponse } from "@/lib/http/sse";
import { liveHub } from "@/lib/live/hub";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

const MAX_TIMER_MS = 2 ** 31 - 1;

export function GET(request: Request): Response {
  let lastEventId: number | null;
  let who: ReturnType<typeof guard>;
  let releaseSlot: () => void;
  try {
    who = guard(request, "read");
    lastEventId = parseLastEventId(request);
    releaseSlot = openStreamSlot(who);
  } catch (err) {
    return errorResponse(err);
  }
  // The slot is given back however the stream ends (the release runs once): client gone, server close, failure.
  request.signal.addEventListener("abort", releaseSlot, { once: true });
  const hub = liveHub();
  return sseResponse(request, async (channel) => {
    try {
      return await follow(channel);
    } catch (err) {
      releaseSlot();
      throw err;
    }
  });

  async function follow(channel: SseChannel): Promise<() => void> {
    const stopWatching = onRevoked(() => {
      if (!stillValid(who, "read")) channel.close();
    });
    const expiry =
      who.expiresAt === null
        ? null
        : setTimeout(channel.close, Math.min(MAX_TIMER_MS, who.expiresAt - Date.now()));
    await hub.whenReady();
    const unsubscribe = hub.subscribe(
      {
        snapshot: (m) => channel.send("snapshot", m, m.version),
        delta: (m) => channel.send("delta", m, m.version),
        status: (m) => channel.send("status", m),
      },
      lastEventId,
    );
    return () => {
      releaseSlot();
      unsubscribe();
      stopWatching();
      if (expiry) clearTimeout(expiry);
    };
  }
}

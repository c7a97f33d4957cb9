// GET /api/events: the live map as server-sent events — a snapshot, then numbered deltas; a client that
// reconnects with Last-Event-ID (header, or ?lastEventId=) gets what it missed, or a new snapshot.
// The stream ends when the credentials behind it stop holding (logout, expiry, revoked token, removed user).
import { parseLastEventId } from "@/lib/api/refs";
import { guard, stillValid } from "@/lib/auth/guard";
import { onRevoked } from "@/lib/auth/revocation";
import { errorResponse } from "@/lib/http/respond";
import { sseResponse } from "@/lib/http/sse";
import { liveHub } from "@/lib/live/hub";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

const MAX_TIMER_MS = 2 ** 31 - 1;

export function GET(request: Request): Response {
  let lastEventId: number | null;
  let who: ReturnType<typeof guard>;
  try {
    who = guard(request, "read");
    lastEventId = parseLastEventId(request);
  } catch (err) {
    return errorResponse(err);
  }
  const hub = liveHub();
  return sseResponse(request.signal, async (channel) => {
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
      unsubscribe();
      stopWatching();
      if (expiry) clearTimeout(expiry);
    };
  });
}

// GET /api/events: the live map as server-sent events — a snapshot, then numbered deltas; a client that
// reconnects with Last-Event-ID (header, or ?lastEventId=) gets what it missed, or a new snapshot.
// The stream ends when the credentials behind it stop holding (logout, expiry, revoked token, removed user).
// Streams are capped per principal and in total (lib/http/limits.ts): beyond a cap, 429 with Retry-After.
import { parseLastEventId } from "@/lib/api/refs";
import { readerStream } from "@/lib/http/live-stream";
import { liveHub } from "@/lib/live/hub";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export function GET(request: Request): Response {
  return readerStream(request, {
    parse: parseLastEventId,
    follow: async (channel, lastEventId) => {
      const hub = liveHub();
      await hub.whenReady();
      return hub.subscribe(
        {
          snapshot: (m) => channel.send("snapshot", m, m.version),
          delta: (m) => channel.send("delta", m, m.version),
          status: (m) => channel.send("status", m),
        },
        lastEventId,
      );
    },
  });
}

// GET /api/events: the live map as server-sent events — a snapshot, then numbered deltas; a client that
// reconnects with Last-Event-ID (header, or ?lastEventId=) gets what it missed, or a new snapshot.
import { parseLastEventId } from "@/lib/api/refs";
import { errorResponse } from "@/lib/http/respond";
import { sseResponse } from "@/lib/http/sse";
import { liveHub } from "@/lib/live/hub";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export function GET(request: Request): Response {
  let lastEventId: number | null;
  try {
    lastEventId = parseLastEventId(request);
  } catch (err) {
    return errorResponse(err);
  }
  const hub = liveHub();
  return sseResponse(request.signal, async (channel) => {
    await hub.whenReady();
    return hub.subscribe(
      {
        snapshot: (m) => channel.send("snapshot", m, m.version),
        delta: (m) => channel.send("delta", m, m.version),
        status: (m) => channel.send("status", m),
      },
      lastEventId,
    );
  });
}

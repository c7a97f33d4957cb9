// GET /api/class/events: the presenter's state as server-sent events (`state`: a ClassMessage; first the latest,
// or `idle` when nobody presents yet). Read access, so the anonymous viewer (NETATLAS_ANONYMOUS_VIEWER=1) can
// follow a class; each stream counts against the live-stream caps (lib/http/limits.ts), and ends when the
// credentials behind it stop holding.
import type { ClassIdle } from "@/lib/api/class";
import { classHub } from "@/lib/class/hub";
import { readerStream } from "@/lib/http/live-stream";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export function GET(request: Request): Response {
  return readerStream(request, {
    retryMs: 1000,
    follow: (channel) => {
      const hub = classHub();
      const latest = hub.current();
      if (latest) channel.send("state", latest, latest.seq);
      else channel.send("idle", { seq: 0, presenter: null } satisfies ClassIdle);
      return hub.subscribe((message) => channel.send("state", message, message.seq));
    },
  });
}

// GET /api/timeline/stream (read): every new change of the live store as one JSON line (the format of
// GET /api/timeline?format=jsonl, docs/logs.md), for a log shipper. `since=` (a version or an ISO time) first
// sends the kept lines after it, then follows without a gap; a since the kept lines cannot answer in full is
// refused with 409 saying what is kept. `heartbeat=` (5–300 s) adds an empty line that often, for proxies that
// cut quiet connections; none by default. Counted like the live streams; ends on logout, expiry, revocation.
import { parseHeartbeat, parseTimelineSince, type TimelineSince } from "@/lib/api/timeline";
import { ndjsonReaderStream } from "@/lib/http/ndjson-stream";
import { liveHub } from "@/lib/live/hub";
import { checkResumable } from "@/lib/live/timeline-export";
import { timelineLog } from "@/lib/live/timeline-log";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

interface Params {
  since: TimelineSince;
  heartbeatMs: number | null;
}

function parse(request: Request): Params {
  const query = new URL(request.url).searchParams;
  return {
    since: parseTimelineSince(query.get("since")),
    heartbeatMs: parseHeartbeat(query.get("heartbeat")),
  };
}

export function GET(request: Request): Promise<Response> {
  return ndjsonReaderStream(request, {
    need: "read",
    parse,
    heartbeatMs: (p) => p.heartbeatMs,
    prepare: async ({ since }) => {
      // The store follows Docker while a stream listens (with NETATLAS_LIVE_ALWAYS=0 it starts now).
      await liveHub().whenReady();
      checkResumable(since, timelineLog().read().window);
    },
    follow: (channel, { since }) => {
      const log = timelineLog();
      // Kept lines and the subscription in one synchronous step: no batch can fall between them.
      if (since !== null) for (const line of log.read(since).lines) channel.send(line);
      return liveHub().subscribe(
        {
          // The first message is a snapshot (the map's starting point): lines are about changes only.
          snapshot: () => {},
          delta: (message) => {
            for (const line of log.linesOf(message.version)) channel.send(line);
          },
          status: () => {},
        },
        null,
      );
    },
  });
}

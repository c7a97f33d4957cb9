// GET /api/timeline?format=jsonl (read): the changes the live store keeps (its last NETATLAS_LIVE_LOG_SIZE
// batches), one JSON object per change and line, oldest first, with the sentence the map's timeline shows
// (format: docs/logs.md). `since=` (a version, or an ISO time) keeps only later changes. A full listing, so it
// is counted against the listing limit (lib/http/limits.ts). Read from the store only: Docker is not asked.
import { parseTimelineFormat, parseTimelineSince } from "@/lib/api/timeline";
import { guard } from "@/lib/auth/guard";
import { chargeListing } from "@/lib/http/limits";
import { respond } from "@/lib/http/respond";
import { jsonLinesStream, windowHeaders } from "@/lib/live/timeline-export";
import { timelineLog } from "@/lib/live/timeline-log";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export function GET(request: Request): Promise<Response> {
  return respond(async () => {
    const who = guard(request, "read");
    const query = new URL(request.url).searchParams;
    parseTimelineFormat(query.get("format"));
    const since = parseTimelineSince(query.get("since"));
    chargeListing(who, "timeline download");
    const { lines, window } = timelineLog().read(since);
    const stamp = new Date().toISOString().replace(/[:.]/g, "-");
    return new Response(jsonLinesStream(lines), {
      headers: {
        "Content-Type": "application/x-ndjson; charset=utf-8",
        "Content-Disposition": `attachment; filename="netatlas-timeline-${stamp}.jsonl"`,
        "Cache-Control": "no-store",
        ...windowHeaders(window),
      },
    });
  });
}

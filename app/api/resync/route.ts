// POST /api/resync: rebuild the live store from a full listing of every engine; clients get the difference.
// Any signed-in role (not the anonymous viewer, who changes nothing); resyncs asked for at once share one.

import { emptyBody } from "@/lib/api/auth";
import { guard } from "@/lib/auth/guard";
import { readJson } from "@/lib/http/body";
import { refuseAnonymous } from "@/lib/http/limits";
import { respond } from "@/lib/http/respond";
import { liveHub } from "@/lib/live/hub";

export const dynamic = "force-dynamic";

export function POST(request: Request): Promise<Response> {
  return respond(request, async () => {
    // Any signed-in role: it only re-reads Docker. Still a POST with the change checks (origin, JSON).
    const who = guard(request, "read", "resync");
    refuseAnonymous(request, who, "resync");
    await readJson(request, emptyBody);
    const hub = liveHub();
    await hub.resync();
    return { feeds: hub.feedStatus() };
  });
}

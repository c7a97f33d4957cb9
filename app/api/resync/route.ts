// POST /api/resync: rebuild the live store from a full listing of every engine; clients get the difference.

import { emptyBody } from "@/lib/api/auth";
import { guard } from "@/lib/auth/guard";
import { readJson } from "@/lib/http/body";
import { respond } from "@/lib/http/respond";
import { liveHub } from "@/lib/live/hub";

export const dynamic = "force-dynamic";

export function POST(request: Request): Promise<Response> {
  return respond(async () => {
    // Any signed-in role: it only re-reads Docker. Still a POST with the change checks (origin, JSON).
    guard(request, "read", "resync");
    await readJson(request, emptyBody);
    const hub = liveHub();
    await hub.resync();
    return { feeds: hub.feedStatus() };
  });
}

// POST /api/resync: rebuild the live store from a full listing of every engine; clients get the difference.
import { respond } from "@/lib/http/respond";
import { liveHub } from "@/lib/live/hub";

export const dynamic = "force-dynamic";

export function POST(): Promise<Response> {
  return respond(async () => {
    const hub = liveHub();
    await hub.resync();
    return { feeds: hub.feedStatus() };
  });
}

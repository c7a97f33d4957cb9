// GET /api/topology: engines, networks, containers and endpoints of every configured engine; from the live
// store when its feeds are current (no Docker call), otherwise read from Docker (then rate-limited per user).
import { guard } from "@/lib/auth/guard";
import { chargeListing } from "@/lib/http/limits";
import { respond } from "@/lib/http/respond";
import { currentTopology, liveHub } from "@/lib/live/hub";

export const dynamic = "force-dynamic";

export function GET(request: Request): Promise<Response> {
  return respond(async () => {
    const who = guard(request, "read");
    if (!liveHub().storeIfCurrent()) chargeListing(who, "topology");
    return currentTopology();
  });
}

// GET /api/topology: engines, networks, containers and endpoints of every configured engine; from the live
// store when its feeds are current (no Docker call), otherwise read from Docker.
import { guard } from "@/lib/auth/guard";
import { respond } from "@/lib/http/respond";
import { currentTopology } from "@/lib/live/hub";

export const dynamic = "force-dynamic";

export function GET(request: Request): Promise<Response> {
  return respond(async () => {
    guard(request, "read");
    return currentTopology();
  });
}

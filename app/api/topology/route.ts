// GET /api/topology: engines, networks, containers and endpoints of every configured engine; from the live
// store when its feeds are current (no Docker call), otherwise read from Docker.
import { readTopology } from "@/lib/docker/engines";
import { respond } from "@/lib/http/respond";
import { liveHub } from "@/lib/live/hub";
import { sortTopology } from "@/lib/topology/build";

export const dynamic = "force-dynamic";

export function GET(): Promise<Response> {
  return respond(async () => {
    const current = liveHub().currentTopology();
    return current ? sortTopology(current) : readTopology();
  });
}

// GET /api/topology: engines, networks, containers and endpoints of every configured engine.
import { readTopology } from "@/lib/docker/engines";
import { respond } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

export function GET(): Promise<Response> {
  return respond(readTopology);
}

// GET /api/networks: every network of every engine.
import { readAllNetworks } from "@/lib/docker/engines";
import { respond } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

export function GET(): Promise<Response> {
  return respond(readAllNetworks);
}

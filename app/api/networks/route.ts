// GET /api/networks: every network of every engine.

import { guard } from "@/lib/auth/guard";
import { readAllNetworks } from "@/lib/docker/engines";
import { respond } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

export function GET(request: Request): Promise<Response> {
  return respond(async () => {
    guard(request, "read");
    return readAllNetworks();
  });
}

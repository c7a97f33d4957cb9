// GET /api/containers: every container of every engine, with its endpoints (a full listing: rate-limited per user).

import { guard } from "@/lib/auth/guard";
import { readAllContainers } from "@/lib/docker/engines";
import { chargeListing } from "@/lib/http/limits";
import { respond } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

export function GET(request: Request): Promise<Response> {
  return respond(async () => {
    chargeListing(guard(request, "read"), "container list");
    return readAllContainers();
  });
}

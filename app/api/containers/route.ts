// GET /api/containers: every container of every engine, with its endpoints.

import { guard } from "@/lib/auth/guard";
import { readAllContainers } from "@/lib/docker/engines";
import { respond } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

export function GET(request: Request): Promise<Response> {
  return respond(async () => {
    guard(request, "read");
    return readAllContainers();
  });
}

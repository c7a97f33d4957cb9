// GET /api/containers/:id[?engine=]: one container (id, id prefix or name) with its endpoints and networks (it
// lists every network of the engine: rate-limited per user).
import { parseEngineParam, parseRef } from "@/lib/api/refs";
import { guard } from "@/lib/auth/guard";
import { findContainer } from "@/lib/docker/engines";
import { chargeListing } from "@/lib/http/limits";
import { respond } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

export function GET(request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  return respond(async () => {
    chargeListing(guard(request, "read"), "container detail");
    const { id } = await context.params;
    return findContainer(parseRef("container", id), parseEngineParam(request.url));
  });
}

// GET /api/networks/:id[?engine=]: one network (id, id prefix or name) with its containers and endpoints.
import { parseEngineParam, parseRef } from "@/lib/api/refs";
import { guard } from "@/lib/auth/guard";
import { findNetwork } from "@/lib/docker/engines";
import { respond } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

export function GET(request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  return respond(async () => {
    guard(request, "read");
    const { id } = await context.params;
    return findNetwork(parseRef("network", id), parseEngineParam(request.url));
  });
}

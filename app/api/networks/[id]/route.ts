// GET /api/networks/:id[?engine=]: one network (id, id prefix or name) with its containers and endpoints (it
// lists every container of the engine: rate-limited per user).
// DELETE (operators): remove it; Docker's own networks are refused, a network in use gets Docker's reason.
import { networkRemoveCommand } from "@/lib/api/networks";
import { parseEngineParam, parseRef } from "@/lib/api/refs";
import { audited } from "@/lib/auth/audit";
import { auditWho, guard } from "@/lib/auth/guard";
import { findNetwork } from "@/lib/docker/engines";
import { removeNetwork, targetEngine } from "@/lib/docker/write";
import { chargeListing } from "@/lib/http/limits";
import { respond } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

export function GET(request: Request, context: Context): Promise<Response> {
  return respond(async () => {
    chargeListing(guard(request, "read"), "network detail");
    const { id } = await context.params;
    return findNetwork(parseRef("network", id), parseEngineParam(request.url));
  });
}

export function DELETE(request: Request, context: Context): Promise<Response> {
  return respond(request, async () => {
    const who = guard(request, "operate", "network.remove");
    const ref = parseRef("network", (await context.params).id);
    const engine = targetEngine(parseEngineParam(request.url));
    const command = networkRemoveCommand(ref);
    const network = await audited(
      { ...auditWho(who), action: "network.remove", target: `${engine.id}/${ref}`, params: { command } },
      () => removeNetwork(engine, ref),
    );
    return { network, command };
  });
}

// GET /api/networks: every network of every engine (a full listing: rate-limited per user). POST (operators):
// create a network with any option of `docker network create` (lib/api/networks.ts), checked first
// (lib/analysis/network-create.ts); the answer carries the docker CLI equivalent.
import { checkCreateNetwork } from "@/lib/analysis/network-create";
import { createNetworkBody, networkCreateCommand } from "@/lib/api/networks";
import { audited } from "@/lib/auth/audit";
import { auditWho, guard } from "@/lib/auth/guard";
import { readAllNetworks } from "@/lib/docker/engines";
import { createNetwork, targetEngine } from "@/lib/docker/write";
import { hostLinks } from "@/lib/host/links";
import { readJson } from "@/lib/http/body";
import { chargeListing } from "@/lib/http/limits";
import { json, respond } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

export function GET(request: Request): Promise<Response> {
  return respond(async () => {
    chargeListing(guard(request, "read"), "network list");
    return readAllNetworks();
  });
}

export function POST(request: Request): Promise<Response> {
  return respond(request, async () => {
    const who = guard(request, "operate", "network.create");
    const body = await readJson(request, createNetworkBody);
    const engine = targetEngine(body.engine);
    const command = networkCreateCommand(body);
    const network = await audited(
      {
        ...auditWho(who),
        action: "network.create",
        target: `${engine.id}/${body.name}`,
        params: { ...body, command },
      },
      async () => {
        // Only a macvlan/ipvlan parent needs the host's interfaces; reading them is skipped otherwise.
        const links = body.options.parent ? await hostLinks(engine) : null;
        const names = links?.map((l) => l.name) ?? null;
        return createNetwork(engine, body, (b, existing) => checkCreateNetwork(b, existing, names));
      },
      201,
    );
    return json({ network, command }, 201);
  });
}

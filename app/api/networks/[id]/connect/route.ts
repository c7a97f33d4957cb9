// POST /api/networks/:ref/connect[?engine=] (operators): { container, aliases?, ipv4?, ipv6?, linkLocalIps?,
// links? } connects a container, checked first (lib/analysis/network-connect.ts); answers the docker command.
import { checkConnect } from "@/lib/analysis/network-connect";
import { connectBody, networkConnectCommand } from "@/lib/api/networks";
import { parseEngineParam, parseRef } from "@/lib/api/refs";
import { audited } from "@/lib/auth/audit";
import { auditWho, guard } from "@/lib/auth/guard";
import { connectContainer, targetEngine } from "@/lib/docker/write";
import { readJson } from "@/lib/http/body";
import { respond } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

export function POST(request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  return respond(request, async () => {
    const who = guard(request, "operate", "network.connect");
    const ref = parseRef("network", (await context.params).id);
    const body = await readJson(request, connectBody);
    const engine = targetEngine(parseEngineParam(request.url));
    const command = networkConnectCommand(ref, body);
    const done = await audited(
      {
        ...auditWho(who),
        action: "network.connect",
        target: `${engine.id}/${ref}`,
        params: { ...body, command },
      },
      () => connectContainer(engine, ref, body, checkConnect),
    );
    return { ...done, command };
  });
}

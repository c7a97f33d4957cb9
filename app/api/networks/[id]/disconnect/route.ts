// POST /api/networks/:ref/disconnect[?engine=] (operators): { container, force? } disconnects a container;
// one that is not connected is a clear 409 (some Docker versions answer 500). Answers the docker command.
import { disconnectBody, networkDisconnectCommand } from "@/lib/api/networks";
import { parseEngineParam, parseRef } from "@/lib/api/refs";
import { audited } from "@/lib/auth/audit";
import { auditWho, guard } from "@/lib/auth/guard";
import { disconnectContainer, targetEngine } from "@/lib/docker/write";
import { readJson } from "@/lib/http/body";
import { respond } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

export function POST(request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  return respond(request, async () => {
    const who = guard(request, "operate", "network.disconnect");
    const ref = parseRef("network", (await context.params).id);
    const body = await readJson(request, disconnectBody);
    const engine = targetEngine(parseEngineParam(request.url));
    const command = networkDisconnectCommand(ref, body);
    const done = await audited(
      {
        ...auditWho(who),
        action: "network.disconnect",
        target: `${engine.id}/${ref}`,
        params: { ...body, command },
      },
      () => disconnectContainer(engine, ref, body),
    );
    return { ...done, command };
  });
}

// GET /api/engines/contexts (admin): the docker CLI contexts in the server's context store, each with whether it
// can come over as it is. POST (admin) { context, id, ssh? }: makes one into an engine, with its endpoint and TLS
// material (an SSH context also needs the key and known_hosts line, which contexts do not hold).
import { ENGINE_BODY_MAX, importContextBody } from "@/lib/api/engines";
import { audited } from "@/lib/auth/audit";
import { auditWho, guard } from "@/lib/auth/guard";
import { contextAsEngine, listDockerContexts } from "@/lib/engines/contexts";
import { addEngine } from "@/lib/engines/manage";
import { readJson } from "@/lib/http/body";
import { json, respond } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

export function GET(request: Request): Promise<Response> {
  return respond(async () => {
    guard(request, "admin");
    return listDockerContexts();
  });
}

export function POST(request: Request): Promise<Response> {
  return respond(request, async () => {
    const who = guard(request, "admin", "engine.import");
    const body = await readJson(request, importContextBody, ENGINE_BODY_MAX);
    const actor = auditWho(who);
    const engine = await audited(
      {
        ...actor,
        action: "engine.import",
        target: `engine ${body.id}`,
        params: {
          context: body.context.slice(0, 200),
          given: Object.keys(body.ssh ?? {}).map((k) => `ssh.${k}`),
        },
      },
      async () => {
        const context = contextAsEngine(body.context, body.ssh);
        return addEngine(
          {
            id: body.id,
            address: context.address,
            description: context.description ?? undefined,
            ...context.material,
          },
          actor.actor,
          body.context,
        );
      },
      201,
    );
    return json(engine, 201);
  });
}

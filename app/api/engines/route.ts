// GET /api/engines (read): every engine Netatlas follows, with its health; admins also see the summaries of
// the stored TLS and SSH material. POST (admin): adds an engine (unix socket, tcp:// with TLS, ssh://), checked
// whole before anything is stored; open maps see it arrive.
import { ENGINE_BODY_MAX, newEngineBody } from "@/lib/api/engines";
import { audited } from "@/lib/auth/audit";
import { auditWho, guard } from "@/lib/auth/guard";
import { addEngine, engineAuditParams, listEngines } from "@/lib/engines/manage";
import { readJson } from "@/lib/http/body";
import { json, respond } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

export function GET(request: Request): Promise<Response> {
  return respond(async () => {
    const who = guard(request, "read");
    return listEngines(who.role === "admin");
  });
}

export function POST(request: Request): Promise<Response> {
  return respond(request, async () => {
    const who = guard(request, "admin", "engine.add");
    const body = await readJson(request, newEngineBody, ENGINE_BODY_MAX);
    const actor = auditWho(who);
    const engine = await audited(
      { ...actor, action: "engine.add", target: `engine ${body.id}`, params: engineAuditParams(body) },
      async () => addEngine(body, actor.actor),
      201,
    );
    return json(engine, 201);
  });
}

// PUT /api/engines/[id] (admin): changes an engine added on /engines (address, description, material; what is
// left out is kept). DELETE (admin): removes it and its stored material; open maps see it go. Engines from the
// environment are refused (409): they are changed where they are set.
import { ENGINE_BODY_MAX, editEngineBody, parseEngineId } from "@/lib/api/engines";
import { audited } from "@/lib/auth/audit";
import { auditWho, guard } from "@/lib/auth/guard";
import { editEngine, engineAuditParams, removeEngine } from "@/lib/engines/manage";
import { readJson } from "@/lib/http/body";
import { respond } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

export function PUT(request: Request, { params }: Context): Promise<Response> {
  return respond(request, async () => {
    const who = guard(request, "admin", "engine.edit");
    const id = parseEngineId((await params).id);
    const body = await readJson(request, editEngineBody, ENGINE_BODY_MAX);
    const actor = auditWho(who);
    return audited(
      { ...actor, action: "engine.edit", target: `engine ${id}`, params: engineAuditParams(body) },
      async () => editEngine(id, body, actor.actor),
    );
  });
}

export function DELETE(request: Request, { params }: Context): Promise<Response> {
  return respond(request, async () => {
    const who = guard(request, "admin", "engine.remove");
    const id = parseEngineId((await params).id);
    return audited({ ...auditWho(who), action: "engine.remove", target: `engine ${id}` }, async () => {
      removeEngine(id);
      return { removed: id };
    });
  });
}

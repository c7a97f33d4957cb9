// POST /api/engines/test (admin): dials an engine as it would be added (material left out comes from the stored
// engine named by `from`) and answers what answered (version, API, OS, swarm role) or exactly what failed.
// Nothing is stored; the attempt is audited (it makes this server dial an address an admin chose).
import { ENGINE_BODY_MAX, testEngineBody } from "@/lib/api/engines";
import { audited } from "@/lib/auth/audit";
import { auditWho, guard } from "@/lib/auth/guard";
import { engineAuditParams, testEngine } from "@/lib/engines/manage";
import { readJson } from "@/lib/http/body";
import { respond } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

export function POST(request: Request): Promise<Response> {
  return respond(request, async () => {
    const who = guard(request, "admin", "engine.test");
    const body = await readJson(request, testEngineBody, ENGINE_BODY_MAX);
    return audited(
      {
        ...auditWho(who),
        action: "engine.test",
        target: body.from ? `engine ${body.from}` : body.address.slice(0, 200),
        params: engineAuditParams(body),
      },
      () => testEngine(body),
    );
  });
}

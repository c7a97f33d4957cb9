// POST /api/engines/[id]/test (admin): dials a configured engine (stored or from the environment) afresh and
// answers what answered or exactly what failed.
import { parseEngineId } from "@/lib/api/engines";
import { audited } from "@/lib/auth/audit";
import { auditWho, guard } from "@/lib/auth/guard";
import { testStoredEngine } from "@/lib/engines/manage";
import { respond } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

export function POST(request: Request, { params }: Context): Promise<Response> {
  return respond(request, async () => {
    const who = guard(request, "admin", "engine.test");
    const id = parseEngineId((await params).id);
    return audited({ ...auditWho(who), action: "engine.test", target: `engine ${id}` }, () =>
      testStoredEngine(id),
    );
  });
}

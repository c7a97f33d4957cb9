// POST /api/probes (operators): { kind, container, engine?, target, port?, count?, https?, path?, seconds? }
// runs one probe from inside the container's network namespace (lib/probe) and answers a stream of JSON
// lines: start (method, the equivalent docker command), the tool's lines, then result or error. Everything
// that can refuse (body, unknown container 404, stopped 409, limits 429) is answered as plain JSON first.
import { probeBody } from "@/lib/api/probes";
import { audited } from "@/lib/auth/audit";
import { noteRefusalContext } from "@/lib/auth/audit-marks";
import { auditWho, guard } from "@/lib/auth/guard";
import { targetEngine } from "@/lib/docker/write";
import { readJson } from "@/lib/http/body";
import { respond } from "@/lib/http/respond";
import { prepareProbe } from "@/lib/probe/probe";
import { probeResponse } from "@/lib/probe/stream";

export const dynamic = "force-dynamic";

export function POST(request: Request): Promise<Response> {
  return respond(request, async () => {
    const who = guard(request, "operate", "probe");
    const body = await readJson(request, probeBody);
    const action = `probe.${body.kind}`;
    // Refusals from here on (unknown container, not running, limits) are audited under the probe's kind.
    noteRefusalContext(request, { who: auditWho(who), action });
    const engine = targetEngine(body.engine);
    const prepared = await prepareProbe(engine, body, who);
    return probeResponse(prepared, request.signal, (run) =>
      audited(
        {
          ...auditWho(who),
          action,
          target: `${engine.id}/${prepared.container.name}`,
          params: { ...body, method: prepared.method, command: prepared.command },
        },
        run,
      ),
    );
  });
}

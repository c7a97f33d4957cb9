// POST /api/captures (operators): start a packet capture on an endpoint's host-side veth, a bridge, or inside a
// container (lib/capture/capture.ts); answers at once with it running. GET: your captures (admins: all).
import { captureBody } from "@/lib/api/captures";
import { audited } from "@/lib/auth/audit";
import { auditWho, guard } from "@/lib/auth/guard";
import { listCaptures, startCapture } from "@/lib/capture/capture";
import { captureOwner } from "@/lib/capture/who";
import { targetEngine } from "@/lib/docker/write";
import { readJson } from "@/lib/http/body";
import { json, respond } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

export function GET(request: Request): Promise<Response> {
  return respond(async () => ({ captures: listCaptures(captureOwner(guard(request, "operate"))) }));
}

export function POST(request: Request): Promise<Response> {
  return respond(request, async () => {
    const who = guard(request, "operate", "capture.start");
    const body = await readJson(request, captureBody);
    const engine = targetEngine(body.engine);
    const capture = await audited(
      {
        ...auditWho(who),
        action: "capture.start",
        target: `${engine.id}/${body.on} ${body.container ?? body.network ?? ""}`.trim(),
        params: body,
      },
      () => startCapture(engine, body, captureOwner(who).userId),
      201,
    );
    return json({ capture }, 201);
  });
}

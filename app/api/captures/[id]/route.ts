// GET /api/captures/<id>: a capture's state, and its summary once it ended (conversations, protocols, DNS).
// DELETE: stops a running capture (what it caught stays), or deletes an ended one and its file.
import { audited } from "@/lib/auth/audit";
import { auditWho, guard } from "@/lib/auth/guard";
import { captureStatus, stopCapture } from "@/lib/capture/capture";
import { captureOwner } from "@/lib/capture/who";
import { respond } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

export function GET(request: Request, { params }: Context): Promise<Response> {
  return respond(async () => {
    const who = guard(request, "operate");
    return { capture: captureStatus((await params).id, captureOwner(who)) };
  });
}

export function DELETE(request: Request, { params }: Context): Promise<Response> {
  return respond(request, async () => {
    const who = guard(request, "operate", "capture.stop");
    const id = (await params).id;
    return audited(
      { ...auditWho(who), action: "capture.stop", target: `capture ${id.slice(0, 20)}` },
      async () => ({
        capture: stopCapture(id, captureOwner(who)),
      }),
    );
  });
}

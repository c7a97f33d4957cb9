// GET /api/captures/<id>/pcap: the capture as a pcap file (Wireshark, tcpdump -r). Once: the file is deleted
// as it is handed over (the summary stays until the capture expires). Audited.
import { audited } from "@/lib/auth/audit";
import { auditWho, guard } from "@/lib/auth/guard";
import { takePcap } from "@/lib/capture/capture";
import { captureOwner } from "@/lib/capture/who";
import { respond } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

export function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  return respond(async () => {
    const who = guard(request, "operate");
    const id = (await params).id;
    const file = await audited(
      { ...auditWho(who), action: "capture.download", target: `capture ${id.slice(0, 20)}` },
      async () => takePcap(id, captureOwner(who)),
    );
    return new Response(new Uint8Array(file.data), {
      headers: {
        "Content-Type": "application/vnd.tcpdump.pcap",
        "Content-Disposition": `attachment; filename="${file.name}"`,
        "Cache-Control": "no-store",
      },
    });
  });
}

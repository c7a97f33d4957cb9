// POST /api/labs/{id}/reset[?engine=] (operators): removes every service, container and network labelled
// netatlas.lab=<id> (on the lab's engines with ?engine=, else on every configured engine); answers LabResetDto.
// Audited as lab.reset.

import { respond } from "@/lib/http/respond";
import { type LabContext, labReset } from "@/lib/labs/handlers";
import { findLab } from "@/lib/labs/library";

export const dynamic = "force-dynamic";

export function POST(request: Request, context: LabContext): Promise<Response> {
  return respond(request, () => labReset(request, context, findLab));
}

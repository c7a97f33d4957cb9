// POST /api/labs/{id}/steps/{n}/solution[?engine=] (operators): runs step n's solution commands, then its
// check; answers LabEvent lines. Audited as lab.solution.

import { respond } from "@/lib/http/respond";
import { labStep, type StepContext } from "@/lib/labs/handlers";
import { findLab } from "@/lib/labs/library";

export const dynamic = "force-dynamic";

export function POST(request: Request, context: StepContext): Promise<Response> {
  return respond(request, () => labStep(request, context, findLab, "solution"));
}

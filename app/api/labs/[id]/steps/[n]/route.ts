// POST /api/labs/{id}/steps/{n}[?engine=] (operators): runs step n (from 1): its docker commands in order, then
// its check; answers LabEvent lines as they happen. Refusals (404 lab, 400 step, 409 busy or no engine fits)
// come as plain JSON first. Audited as lab.step.

import { respond } from "@/lib/http/respond";
import { labStep, type StepContext } from "@/lib/labs/handlers";
import { findLab } from "@/lib/labs/library";

export const dynamic = "force-dynamic";

export function POST(request: Request, context: StepContext): Promise<Response> {
  return respond(request, () => labStep(request, context, findLab, "step"));
}

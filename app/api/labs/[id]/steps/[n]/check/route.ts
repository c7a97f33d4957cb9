// POST /api/labs/{id}/steps/{n}/check[?engine=] (operators): runs only step n's check (a drill, after the
// student's fix); answers LabEvent lines (check, done). Audited as lab.check.

import { respond } from "@/lib/http/respond";
import { labStep, type StepContext } from "@/lib/labs/handlers";
import { findLab } from "@/lib/labs/library";

export const dynamic = "force-dynamic";

export function POST(request: Request, context: StepContext): Promise<Response> {
  return respond(request, () => labStep(request, context, findLab, "check"));
}

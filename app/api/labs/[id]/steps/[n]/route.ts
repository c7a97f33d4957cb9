// POST /api/labs/{id}/steps/{n}[?engine=] (operators): runs step n (from 1): its docker commands in order, then
// its check; answers LabEvent lines as they happen. Refusals (404 lab, 400 step, 409 busy or no engine fits)
// come as plain JSON first. Audited as lab.step.
import { stepRoute } from "@/lib/labs/handlers";
import { findLab } from "@/lib/labs/library";

export const dynamic = "force-dynamic";

export const POST = stepRoute(findLab, "step");

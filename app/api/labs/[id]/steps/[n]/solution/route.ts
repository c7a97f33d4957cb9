// POST /api/labs/{id}/steps/{n}/solution[?engine=] (operators): runs step n's solution commands, then its
// check; answers LabEvent lines. Audited as lab.solution.
import { stepRoute } from "@/lib/labs/handlers";
import { findLab } from "@/lib/labs/library";

export const dynamic = "force-dynamic";

export const POST = stepRoute(findLab, "solution");

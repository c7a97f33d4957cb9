// GET /api/labs/{id}: one lab (LabDto): its steps, each with the docker commands exactly as they will run.

import { respond } from "@/lib/http/respond";
import { getLab, type LabContext } from "@/lib/labs/handlers";
import { findLab } from "@/lib/labs/library";

export const dynamic = "force-dynamic";

export function GET(request: Request, context: LabContext): Promise<Response> {
  return respond(() => getLab(request, context, findLab));
}

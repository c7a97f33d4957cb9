// GET /api/labs/{id}/objects[?engine=]: what the lab left on the engines (LabObjects: what Reset would remove).

import { respond } from "@/lib/http/respond";
import { type LabContext, labLeftovers } from "@/lib/labs/handlers";
import { findLab } from "@/lib/labs/library";

export const dynamic = "force-dynamic";

export function GET(request: Request, context: LabContext): Promise<Response> {
  return respond(() => labLeftovers(request, context, findLab));
}

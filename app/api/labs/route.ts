// GET /api/labs: every lab of the library with whether it can run on this server (and why not), and the lab
// files that did not validate, each with its errors (they name the line). lib/labs/handlers.ts.

import { respond } from "@/lib/http/respond";
import { listLabs } from "@/lib/labs/handlers";
import { labLibrary } from "@/lib/labs/library";

export const dynamic = "force-dynamic";

export function GET(request: Request): Promise<Response> {
  return respond(() => listLabs(request, labLibrary));
}

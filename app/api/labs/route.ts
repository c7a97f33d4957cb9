// GET /api/labs: every lab of the library with whether it can run on this server (and why not), and the lab
// files that did not validate, each with its errors (they name the line). lib/labs/handlers.ts.
import { listLabsRoute } from "@/lib/labs/handlers";
import { labLibrary } from "@/lib/labs/library";

export const dynamic = "force-dynamic";

export const GET = listLabsRoute(labLibrary);

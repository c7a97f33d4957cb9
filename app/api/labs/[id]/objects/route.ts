// GET /api/labs/{id}/objects[?engine=]: what the lab left on the engines (LabObjects: what Reset would remove).
import { objectsRoute } from "@/lib/labs/handlers";
import { findLab } from "@/lib/labs/library";

export const dynamic = "force-dynamic";

export const GET = objectsRoute(findLab);

// GET /api/labs/{id}: one lab (LabDto): its steps, each with the docker commands exactly as they will run.
import { getLabRoute } from "@/lib/labs/handlers";
import { findLab } from "@/lib/labs/library";

export const dynamic = "force-dynamic";

export const GET = getLabRoute(findLab);

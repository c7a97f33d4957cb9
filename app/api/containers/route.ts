// GET /api/containers: every container of every engine, with its endpoints.
import { readAllContainers } from "@/lib/docker/engines";
import { respond } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

export function GET(): Promise<Response> {
  return respond(readAllContainers);
}

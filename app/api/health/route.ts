// GET /api/health: each engine's version, API version, OS and swarm state; 503 when no engine answers.
import { guard } from "@/lib/auth/guard";
import { readHealth } from "@/lib/docker/engines";
import { errorResponse, json } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  try {
    guard(request, "read");
    const health = await readHealth();
    return json(health, health.status === "down" ? 503 : 200);
  } catch (err) {
    return errorResponse(err);
  }
}

// GET /api/networks-prune[?engine=]: the preview, exactly the networks a prune would remove now (a full listing
// of the engine: rate-limited per user, lib/http/limits.ts).
// POST (operators) { engine?, networks }: removes those of them that are still unused, each reported.
import { networkListBody, networksRemoveCommand } from "@/lib/api/networks";
import { parseEngineParam } from "@/lib/api/refs";
import { guard } from "@/lib/auth/guard";
import { targetEngine } from "@/lib/docker/write";
import { readJson } from "@/lib/http/body";
import { chargeListing } from "@/lib/http/limits";
import { respond } from "@/lib/http/respond";
import { prune, prunePreview } from "@/lib/manage/networks";

export const dynamic = "force-dynamic";

export function GET(request: Request): Promise<Response> {
  return respond(async () => {
    const who = guard(request, "read");
    const engine = targetEngine(parseEngineParam(request.url));
    chargeListing(who, "prune preview");
    const networks = await prunePreview(engine);
    return { engine: engine.id, networks, command: "docker network prune" };
  });
}

export function POST(request: Request): Promise<Response> {
  return respond(request, async () => {
    const who = guard(request, "operate", "network.prune");
    const body = await readJson(request, networkListBody);
    const engine = targetEngine(body.engine);
    const results = await prune(who, engine, body.networks);
    return { engine: engine.id, results, command: networksRemoveCommand(body.networks) };
  });
}

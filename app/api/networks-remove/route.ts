// POST /api/networks-remove (operators) { engine?, networks }: removes several networks, each reported on its
// own (removed, or refused with the reason: Docker's own, in use with its containers, not found).
import { networkListBody, networksRemoveCommand } from "@/lib/api/networks";
import { guard } from "@/lib/auth/guard";
import { targetEngine } from "@/lib/docker/write";
import { readJson } from "@/lib/http/body";
import { respond } from "@/lib/http/respond";
import { removeAudited } from "@/lib/manage/networks";

export const dynamic = "force-dynamic";

export function POST(request: Request): Promise<Response> {
  return respond(request, async () => {
    const who = guard(request, "operate", "network.remove");
    const body = await readJson(request, networkListBody);
    const engine = targetEngine(body.engine);
    const results = await removeAudited(who, engine, body.networks, "remove");
    return { engine: engine.id, results, command: networksRemoveCommand(body.networks) };
  });
}

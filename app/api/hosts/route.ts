// GET /api/hosts[?engine=<id>]: the Linux layer of each engine's host (bridges, veth pairs, macvlan parents,
// overlay namespaces), read from its network namespace on demand. A host this server cannot see is answered
// with `unavailable` and why (200), not an error; an unknown engine id is a 404. Requests share reads (for
// NETATLAS_HOSTS_TTL_MS, per store version) and the server's process slots: a busy server answers 429.
import type { HostsDto } from "@/lib/api/hosts";
import { guard } from "@/lib/auth/guard";
import { engineConfig, engineConfigs } from "@/lib/docker/client";
import { readHostLayers } from "@/lib/host/linux";
import { respond } from "@/lib/http/respond";
import { liveHub } from "@/lib/live/hub";

export const dynamic = "force-dynamic";

export function GET(request: Request): Promise<Response> {
  return respond(async (): Promise<HostsDto> => {
    guard(request, "read");
    const engine = new URL(request.url).searchParams.get("engine");
    const configs = engine === null ? engineConfigs() : [engineConfig(engine)];
    return { hosts: await readHostLayers(configs, liveHub().currentVersion) };
  });
}

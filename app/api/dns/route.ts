// GET /api/dns?network=<ref> | ?container=<ref> [&engine=]: every name a network's embedded DNS answers and what
// it gives, or every name a container can use, what each gives from there, and its resolver setup.
import { containerDns, networkDns } from "@/lib/analysis/dns";
import { findContainerIn, findNetworkIn } from "@/lib/analysis/lookup";
import { parseDnsQuery } from "@/lib/api/reach-query";
import { guard } from "@/lib/auth/guard";
import { chargeListing } from "@/lib/http/limits";
import { respond } from "@/lib/http/respond";
import { analysisContext } from "@/lib/live/analysis";
import { liveHub } from "@/lib/live/hub";

export const dynamic = "force-dynamic";

export function GET(request: Request): Promise<Response> {
  return respond(async () => {
    const who = guard(request, "read");
    // Without a current live store this reads every engine in full: rate-limited per user then.
    if (!liveHub().storeIfCurrent()) chargeListing(who, "DNS");
    const q = parseDnsQuery(new URL(request.url).searchParams);
    const { ix } = await analysisContext();
    return q.kind === "network"
      ? networkDns(ix, findNetworkIn(ix.model, q.ref, q.engine))
      : containerDns(ix, findContainerIn(ix.model, q.ref, q.engine));
  });
}

// GET /api/reach: who can reach whom. With from= and to= (a container, or "outside"), one pair: the verdict, every
// way A can try, the names A can use for B, why not and the fix. Without them, the matrix of every container
// (filtered by engine, network, tier, project; grouped at scale). From the live store and the hosts' facts.

import { findContainerIn } from "@/lib/analysis/lookup";
import { reachPair } from "@/lib/analysis/reach";
import { reachMatrix } from "@/lib/analysis/reach-matrix";
import { parseReachQuery } from "@/lib/api/reach-query";
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
    if (!liveHub().storeIfCurrent()) chargeListing(who, "reach");
    const q = parseReachQuery(new URL(request.url).searchParams);
    const context = await analysisContext();
    const { ix, once } = context;
    if (q.kind === "matrix")
      return once(`matrix ${JSON.stringify(q)}`, () =>
        reachMatrix(ix, q, q.tier ? context.tiers : undefined),
      );
    const side = (ref: string) =>
      ref === "outside" ? ("outside" as const) : findContainerIn(ix.model, ref, q.engine);
    const pair = reachPair(ix, side(q.from), side(q.to), q.dest);
    const hosts = [...ix.hosts.values()].map((h) => ({
      engine: h.engine,
      unavailable: h.unavailable,
      readAt: h.readAt,
    }));
    return { pair, hosts };
  });
}

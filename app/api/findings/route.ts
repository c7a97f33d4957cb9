// GET /api/findings[?engine=]: what a careful reviewer would point out in the topology, most severe first, each
// with the elements involved, why it matters and the fix.
import { findings } from "@/lib/analysis/findings";
import { parseFindingsQuery } from "@/lib/api/reach-query";
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
    if (!liveHub().storeIfCurrent()) chargeListing(who, "findings");
    const { engine } = parseFindingsQuery(new URL(request.url).searchParams);
    const { ix, tiers, once } = await analysisContext();
    const all = once("findings", () => findings(ix, tiers));
    return engine
      ? { ...all, findings: all.findings.filter((f) => f.engine === null || f.engine === engine) }
      : all;
  });
}

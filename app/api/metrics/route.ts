// GET /api/metrics: Prometheus metrics in the text format 0.0.4 (docs/metrics.md), for a signed-in person or an
// API token with the read scope. Not for the anonymous viewer: request counts, refusals and sign-ins say what
// others do, which a projector's visitors do not otherwise see. A scrape counts as a listing (it walks the
// whole store) against the token's bucket; Prometheus's every 15 s is far below it.
import { AppError } from "@/lib/api/errors";
import { guard } from "@/lib/auth/guard";
import { chargeListing } from "@/lib/http/limits";
import { respond } from "@/lib/http/respond";
import { TEXT_CONTENT_TYPE } from "@/lib/metrics/registry";
import { scrapeText } from "@/lib/metrics/scrape";

export const dynamic = "force-dynamic";

export function GET(request: Request): Promise<Response> {
  return respond(async () => {
    const who = guard(request, "read");
    if (who.kind === "anonymous")
      throw new AppError(
        "unauthenticated",
        "Metrics need a session or an API token (Authorization: Bearer nat_…), not the anonymous viewer.",
      );
    chargeListing(who, "metrics");
    return new Response(scrapeText(), {
      headers: { "Content-Type": TEXT_CONTENT_TYPE, "Cache-Control": "no-store" },
    });
  });
}

// GET /api/snapshot[?redact=labels,env,addresses]: the whole topology and every engine's host facts as one
// versioned JSON file (lib/snapshot/format.ts), to open later in /snapshot without any engine, optionally cleaned
// of label values, secrets and addresses (lib/snapshot/redact.ts). A download: Content-Disposition attachment.
// It lists every engine and reads every host, so it always counts against the full-listing limit.

import { AppError } from "@/lib/api/errors";
import { guard } from "@/lib/auth/guard";
import { engineConfigs } from "@/lib/docker/client";
import { hostFactsFor } from "@/lib/host/facts";
import { chargeListing } from "@/lib/http/limits";
import { respond } from "@/lib/http/respond";
import { currentTopology } from "@/lib/live/hub";
import { tierLabelKey } from "@/lib/settings/map";
import { buildSnapshot, snapshotFileName } from "@/lib/snapshot/format";
import { parseRedactions, redactSnapshot } from "@/lib/snapshot/redact";
import packageJson from "@/package.json";

export const dynamic = "force-dynamic";

export function GET(request: Request): Promise<Response> {
  return respond(async () => {
    const who = guard(request, "read");
    const redact = redactionsOf(new URL(request.url).searchParams.get("redact"));
    chargeListing(who, "snapshot");
    const [topology, hostFacts] = await Promise.all([currentTopology(), hostFactsFor(engineConfigs())]);
    const full = buildSnapshot({
      topology,
      hostFacts,
      takenAt: new Date(),
      netatlasVersion: packageJson.version,
      tierLabel: tierLabelKey(),
    });
    const snapshot = redactSnapshot(full, redact);
    return new Response(JSON.stringify(snapshot), {
      headers: {
        "Content-Type": "application/json; charset=utf-8",
        "Content-Disposition": `attachment; filename="${snapshotFileName(snapshot.takenAt)}"`,
        "Cache-Control": "no-store",
      },
    });
  });
}

function redactionsOf(text: string | null) {
  try {
    return parseRedactions(text);
  } catch (err) {
    if (err instanceof RangeError)
      throw new AppError("bad_request", err.message, null, {
        fields: [{ field: "redact", message: err.message }],
      });
    throw err;
  }
}

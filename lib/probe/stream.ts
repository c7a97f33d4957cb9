// The answer of POST /api/probes: a stream of JSON lines (application/x-ndjson), one ProbeEvent each:
// `start`, the tool's `line`s as they come, then `result` or `error`. The probe slot is given back when the
// probe ends; the client going away (the request aborted, or the stream cancelled) stops the probe.
import "server-only";
import type { ProbeEvent } from "@/lib/api/probes";
import { ndjsonResponse } from "@/lib/http/ndjson";
import { type PreparedProbe, runProbe, startEvent } from "./probe";

type Result = Extract<ProbeEvent, { type: "result" }>;

export function probeResponse(
  p: PreparedProbe,
  clientGone: AbortSignal,
  audit: (run: () => Promise<Result>) => Promise<Result>,
): Response {
  return ndjsonResponse<ProbeEvent>(
    clientGone,
    async (send, signal) => {
      send(startEvent(p));
      send(await audit(() => runProbe(p, (text) => send({ type: "line", text }), signal)));
    },
    { errorEvent: (error) => ({ type: "error", error }), context: "probe", cleanup: p.release },
  );
}

// Runs a probe from the browser: POST /api/probes, then the answer's JSON lines as they arrive, one event
// each. A refusal before the probe starts (bad input, 403, 409, 429) is thrown as an ApiError.
import type { ProbeEvent, ProbeRequest } from "@/lib/api/probes";
import { postJsonLines } from "./ndjson";

export { lineSplitter } from "./ndjson";

export function runProbe(
  probe: ProbeRequest,
  onEvent: (event: ProbeEvent) => void,
  signal?: AbortSignal,
): Promise<void> {
  return postJsonLines<ProbeEvent>("/api/probes", probe, onEvent, signal);
}

// The answer of POST /api/probes: a stream of JSON lines (application/x-ndjson), one ProbeEvent each:
// `start`, the tool's `line`s as they come, then `result` or `error`. The probe slot is given back when the
// probe ends; the client going away (the request aborted, or the stream cancelled) stops the probe.
import "server-only";
import { AppError, logUnexpected } from "@/lib/api/errors";
import type { ProbeEvent } from "@/lib/api/probes";
import { type PreparedProbe, runProbe, startEvent } from "./probe";

type Result = Extract<ProbeEvent, { type: "result" }>;

export function probeResponse(
  p: PreparedProbe,
  clientGone: AbortSignal,
  audit: (run: () => Promise<Result>) => Promise<Result>,
): Response {
  const encoder = new TextEncoder();
  const stop = new AbortController();
  const onGone = () => stop.abort();
  clientGone.addEventListener("abort", onGone, { once: true });
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (event: ProbeEvent) => {
        if (stop.signal.aborted) return;
        try {
          controller.enqueue(encoder.encode(`${JSON.stringify(event)}\n`));
        } catch {
          // the client is gone: nothing to send to
        }
      };
      send(startEvent(p));
      try {
        send(await audit(() => runProbe(p, (text) => send({ type: "line", text }), stop.signal)));
      } catch (err) {
        const error =
          err instanceof AppError
            ? err.toJSON()
            : {
                code: "engine_error" as const,
                message: `Unexpected server error (error id ${logUnexpected(err, "probe")}); the server log has the details.`,
                detail: null,
              };
        send({ type: "error", error });
      } finally {
        p.release();
        clientGone.removeEventListener("abort", onGone);
        try {
          controller.close();
        } catch {
          // already cancelled
        }
      }
    },
    cancel() {
      stop.abort();
    },
  });
  return new Response(stream, {
    status: 200,
    headers: {
      "Content-Type": "application/x-ndjson; charset=utf-8",
      "Cache-Control": "no-store",
      "X-Accel-Buffering": "no",
    },
  });
}

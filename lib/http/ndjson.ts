// Answers that are a stream of JSON lines (application/x-ndjson), one event per line, sent as they happen: the
// probes (lib/probe/stream.ts) and the lab steps (lib/labs) use it. The producer gets `send` and a signal that
// aborts when the client goes away (the request aborted, or the stream cancelled); once it has, `send` drops
// events. An error thrown by the producer becomes one last event: an AppError as it is, anything else as an
// error id (its text may hold file paths). `cleanup` runs once, however the stream ends.
import "server-only";
import { AppError, logUnexpected } from "@/lib/api/errors";
import type { ApiErrorDetail } from "@/lib/api/types";

export interface NdjsonOptions<E> {
  /** The event that carries an error, the stream's last. */
  errorEvent: (error: ApiErrorDetail) => E;
  /** Names the stream in the server log when something unexpected is thrown. */
  context: string;
  cleanup?: () => void;
}

export const NDJSON_HEADERS = {
  "Content-Type": "application/x-ndjson; charset=utf-8",
  "Cache-Control": "no-store",
  // Proxies such as nginx would otherwise hold the lines back until the end.
  "X-Accel-Buffering": "no",
} as const;

export function ndjsonResponse<E>(
  clientGone: AbortSignal,
  produce: (send: (event: E) => void, signal: AbortSignal) => Promise<void>,
  options: NdjsonOptions<E>,
): Response {
  const encoder = new TextEncoder();
  const stop = new AbortController();
  const onGone = () => stop.abort();
  clientGone.addEventListener("abort", onGone, { once: true });
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (event: E) => {
        if (stop.signal.aborted) return;
        try {
          controller.enqueue(encoder.encode(`${JSON.stringify(event)}\n`));
        } catch {
          // the client is gone: nothing to send to
        }
      };
      try {
        await produce(send, stop.signal);
      } catch (err) {
        const error: ApiErrorDetail =
          err instanceof AppError
            ? err.toJSON()
            : {
                code: "engine_error",
                message: `Unexpected server error (error id ${logUnexpected(err, options.context)}); the server log has the details.`,
                detail: null,
              };
        send(options.errorEvent(error));
      } finally {
        options.cleanup?.();
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
  return new Response(stream, { status: 200, headers: { ...NDJSON_HEADERS } });
}

// Server-sent events over a web ReadableStream: named, numbered events, a heartbeat comment so proxies and
// browsers keep the connection, no proxy buffering, and one cleanup when the client goes away or falls too far
// behind (it then reconnects with Last-Event-ID and gets what it missed).
import "server-only";

export interface SseChannel {
  send(event: string, data: unknown, id?: number): void;
  /** Ends the stream from the server side (e.g. the session behind it was revoked). */
  close(): void;
}

const HEARTBEAT_MS = Number(process.env.NETATLAS_SSE_HEARTBEAT_MS ?? 15_000);
/** A client this many bytes behind is cut off rather than buffered without end. */
const MAX_BACKLOG_BYTES = 8 * 1024 * 1024;
const encoder = new TextEncoder();

/**
 * Answers with an event stream. `open` runs once the stream starts and returns the function that releases
 * what it took; that function runs exactly once, on abort (the request's signal), cancel, or backlog overflow.
 */
export function sseResponse(
  request: Request,
  open: (channel: SseChannel) => Promise<() => void>,
  retryMs = 2000,
): Response {
  const signal = request.signal;
  // The request is held until the stream ends: Node links the signal a Request was made with to its own
  // signal through a weak reference, so once the Request is garbage-collected an abort of the connection no
  // longer reaches request.signal, and the stream (with its live-store subscription and slot) would never be
  // released. (Found by the events integration test, which failed after a full GC on busy cores.)
  let held: Request | null = request;
  let release: (() => void) | null = null;
  let closed = false;
  let heartbeat: ReturnType<typeof setInterval> | null = null;
  let controllerRef: ReadableStreamDefaultController<Uint8Array> | null = null;

  const finish = () => {
    if (closed) return;
    closed = true;
    if (heartbeat) clearInterval(heartbeat);
    held?.signal.removeEventListener("abort", finish);
    held = null;
    release?.();
    release = null;
    try {
      controllerRef?.close();
    } catch {
      // already closed by the reader going away
    }
  };

  const write = (text: string) => {
    if (closed || !controllerRef) return;
    controllerRef.enqueue(encoder.encode(text));
    if ((controllerRef.desiredSize ?? 0) < -MAX_BACKLOG_BYTES) finish();
  };

  const stream = new ReadableStream<Uint8Array>(
    {
      async start(controller) {
        controllerRef = controller;
        signal.addEventListener("abort", finish);
        write(`retry: ${retryMs}\n\n`);
        heartbeat = setInterval(() => write(": heartbeat\n\n"), HEARTBEAT_MS);
        const channel: SseChannel = {
          send(event, data, id) {
            write(
              `event: ${event}\n${id === undefined ? "" : `id: ${id}\n`}data: ${JSON.stringify(data)}\n\n`,
            );
          },
          close: finish,
        };
        const releaseFn = await open(channel);
        if (closed) releaseFn();
        else release = releaseFn;
      },
      cancel() {
        finish();
      },
    },
    new ByteLengthQueuingStrategy({ highWaterMark: 64 * 1024 }),
  );

  return new Response(stream, {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-cache, no-transform",
      Connection: "keep-alive",
      "X-Accel-Buffering": "no",
    },
  });
}

// Server-sent events over the one stream body (byte-stream.ts): named, numbered events, a heartbeat comment so
// proxies and browsers keep the connection, no proxy buffering. A client cut off for falling behind reconnects
// with Last-Event-ID and gets what it missed.
import "server-only";
import { streamResponse } from "./byte-stream";

export interface SseChannel {
  send(event: string, data: unknown, id?: number): void;
  /** Ends the stream from the server side (e.g. the session behind it was revoked). */
  close(): void;
}

const HEARTBEAT_MS = Number(process.env.NETATLAS_SSE_HEARTBEAT_MS ?? 15_000);

const SSE_HEADERS = {
  "Content-Type": "text/event-stream; charset=utf-8",
  "Cache-Control": "no-cache, no-transform",
  Connection: "keep-alive",
  "X-Accel-Buffering": "no",
};

/**
 * Answers with an event stream. `open` runs once the stream starts and returns the function that releases
 * what it took; that function runs exactly once, on abort (the request's signal), cancel, or backlog overflow.
 */
export function sseResponse(
  request: Request,
  open: (channel: SseChannel) => Promise<() => void>,
  retryMs = 2000,
): Response {
  return streamResponse(request, SSE_HEADERS, async (out) => {
    out.write(`retry: ${retryMs}\n\n`);
    const heartbeat = setInterval(() => out.write(": heartbeat\n\n"), HEARTBEAT_MS);
    const channel: SseChannel = {
      send(event, data, id) {
        out.write(
          `event: ${event}\n${id === undefined ? "" : `id: ${id}\n`}data: ${JSON.stringify(data)}\n\n`,
        );
      },
      close: out.close,
    };
    try {
      const release = await open(channel);
      return () => {
        clearInterval(heartbeat);
        release();
      };
    } catch (err) {
      clearInterval(heartbeat);
      throw err;
    }
  });
}

// GET /api/traffic: each endpoint's receive/transmit rates as server-sent events (`event: traffic`, every 2 s;
// the first one also carries the last 5 minutes of history). Sampling runs only while someone listens
// (lib/traffic/sampler.ts). The stream ends when the credentials behind it stop holding; streams count against
// the same caps as the live map's (lib/http/limits.ts).
import type { TrafficMessage } from "@/lib/api/traffic";
import { guard, stillValid } from "@/lib/auth/guard";
import { onRevoked } from "@/lib/auth/revocation";
import { openStreamSlot } from "@/lib/http/limits";
import { errorResponse } from "@/lib/http/respond";
import { type SseChannel, sseResponse } from "@/lib/http/sse";
import { trafficSampler } from "@/lib/traffic/sampler";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

const MAX_TIMER_MS = 2 ** 31 - 1;

export function GET(request: Request): Response {
  let who: ReturnType<typeof guard>;
  let releaseSlot: () => void;
  try {
    who = guard(request, "read");
    releaseSlot = openStreamSlot(who);
  } catch (err) {
    return errorResponse(err);
  }
  // The slot is given back however the stream ends (the release runs once): client gone, server close, failure.
  request.signal.addEventListener("abort", releaseSlot, { once: true });
  return sseResponse(request, async (channel) => {
    try {
      return follow(channel);
    } catch (err) {
      releaseSlot();
      throw err;
    }
  });

  function follow(channel: SseChannel): () => void {
    const stopWatching = onRevoked(() => {
      if (!stillValid(who, "read")) channel.close();
    });
    const expiry =
      who.expiresAt === null
        ? null
        : setTimeout(channel.close, Math.min(MAX_TIMER_MS, who.expiresAt - Date.now()));
    const unsubscribe = trafficSampler().subscribe((m: TrafficMessage) => channel.send("traffic", m));
    return () => {
      releaseSlot();
      unsubscribe();
      stopWatching();
      if (expiry) clearTimeout(expiry);
    };
  }
}

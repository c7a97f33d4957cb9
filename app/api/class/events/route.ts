// GET /api/class/events: the presenter's state as server-sent events (`state`: a ClassMessage; first the latest,
// or `idle` when nobody presents yet). Read access, so the anonymous viewer (NETATLAS_ANONYMOUS_VIEWER=1) can
// follow a class; each stream counts against the live-stream caps (lib/http/limits.ts), and ends when the
// credentials behind it stop holding.
import type { ClassIdle } from "@/lib/api/class";
import { guard, stillValid } from "@/lib/auth/guard";
import { onRevoked } from "@/lib/auth/revocation";
import { classHub } from "@/lib/class/hub";
import { openStreamSlot } from "@/lib/http/limits";
import { errorResponse } from "@/lib/http/respond";
import { type SseChannel, sseResponse } from "@/lib/http/sse";

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
  // The slot is given back however the stream ends (the release runs once).
  request.signal.addEventListener("abort", releaseSlot, { once: true });
  return sseResponse(request, async (channel) => follow(channel), 1000);

  async function follow(channel: SseChannel): Promise<() => void> {
    const hub = classHub();
    const stopWatching = onRevoked(() => {
      if (!stillValid(who, "read")) channel.close();
    });
    const expiry =
      who.expiresAt === null
        ? null
        : setTimeout(channel.close, Math.min(MAX_TIMER_MS, who.expiresAt - Date.now()));
    const latest = hub.current();
    if (latest) channel.send("state", latest, latest.seq);
    else channel.send("idle", { seq: 0, presenter: null } satisfies ClassIdle);
    const unsubscribe = hub.subscribe((message) => channel.send("state", message, message.seq));
    return () => {
      releaseSlot();
      unsubscribe();
      stopWatching();
      if (expiry) clearTimeout(expiry);
    };
  }
}

// GET /api/traffic: each endpoint's receive/transmit rates as server-sent events (`event: traffic`, every 2 s;
// the first one also carries the last 5 minutes of history). Sampling runs only while someone listens
// (lib/traffic/sampler.ts). The stream ends when the credentials behind it stop holding; streams count against
// the same caps as the live map's (lib/http/limits.ts).
import type { TrafficMessage } from "@/lib/api/traffic";
import { readerStream } from "@/lib/http/live-stream";
import { trafficSampler } from "@/lib/traffic/sampler";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export function GET(request: Request): Response {
  return readerStream(request, {
    follow: (channel) => trafficSampler().subscribe((m: TrafficMessage) => channel.send("traffic", m)),
  });
}

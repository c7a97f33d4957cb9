// The wire contract of captures (POST /api/captures, GET /api/captures/:id, GET /api/captures/:id/pcap,
// DELETE /api/captures/:id): packets recorded on a container's host-side veth (an endpoint), a network's bridge,
// or inside a container's network namespace, for a short while, with a filter from a small safe set (never
// free text handed to tcpdump or a shell). Pure: shared by the server, the client and tests.
import { z } from "zod";

export const CAPTURE_LIMITS = {
  maxSeconds: 30,
  maxPackets: 10_000,
  maxBytes: 20 * 1024 * 1024,
  /** A capture's file is deleted this long after it ends, downloaded or not. */
  keepMs: 10 * 60_000,
} as const;

export const CAPTURE_PLACES = ["endpoint", "bridge", "container"] as const;
export type CapturePlace = (typeof CAPTURE_PLACES)[number];
export const CAPTURE_PROTOCOLS = ["tcp", "udp", "icmp", "icmp6", "arp"] as const;

const REF = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,254}$/;
const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;
const IPV6 = /^[0-9A-Fa-f:]{2,39}$/;

export const captureBody = z
  .strictObject({
    on: z.enum(CAPTURE_PLACES, { message: "endpoint, bridge or container." }),
    engine: z.string().max(32).optional(),
    container: z.string().regex(REF, "A container id or name.").optional(),
    network: z.string().regex(REF, "A network id or name.").optional(),
    filter: z
      .strictObject({
        host: z
          .string()
          .refine((v) => IPV4.test(v) || (v.includes(":") && IPV6.test(v)), "An IP address.")
          .optional(),
        port: z.number().int().min(1).max(65535).optional(),
        protocol: z.enum(CAPTURE_PROTOCOLS).optional(),
      })
      .default({}),
    seconds: z.number().int().min(1).max(CAPTURE_LIMITS.maxSeconds).default(10),
    packets: z.number().int().min(1).max(CAPTURE_LIMITS.maxPackets).default(1000),
  })
  .superRefine((b, ctx) => {
    if ((b.on === "endpoint" || b.on === "container") && !b.container)
      ctx.addIssue({ code: "custom", path: ["container"], message: "Which container?" });
    if ((b.on === "endpoint" || b.on === "bridge") && !b.network)
      ctx.addIssue({ code: "custom", path: ["network"], message: "Which network?" });
  });
export type CaptureRequest = z.infer<typeof captureBody>;

export interface CaptureDto {
  id: string;
  on: CapturePlace;
  engine: string;
  container: { id: string; name: string } | null;
  network: { id: string; name: string } | null;
  /** The interface tcpdump listens on: a veth, a bridge, or "any" inside the container. */
  interface: string;
  filter: CaptureRequest["filter"];
  seconds: number;
  packetLimit: number;
  /** The command the server ran, for a person to run the same by hand on the engine's host. */
  command: string;
  state: "running" | "done" | "failed";
  /** What ended it: its time, its packet count, its size cap, or a person. */
  stoppedBy: "time" | "packets" | "size" | "stopped" | null;
  startedAt: string;
  endedAt: string | null;
  /** Until when the file can be downloaded (deleted then, or at the download). */
  expiresAt: string | null;
  packets: number;
  bytes: number;
  downloadable: boolean;
  error: string | null;
  summary: CaptureSummary | null;
}

export interface Conversation {
  /** Ordered so both directions are one conversation: the lower endpoint first. */
  a: string;
  b: string;
  protocol: string;
  packets: number;
  bytes: number;
  /** Packets a → b and b → a. */
  aToB: number;
  bToA: number;
}

export interface CaptureSummary {
  packets: number;
  bytes: number;
  /** First to last packet, ms. */
  spanMs: number;
  protocols: { protocol: string; packets: number; bytes: number }[];
  conversations: Conversation[];
  dns: {
    time: number;
    from: string | null;
    question: string;
    type: string;
    answers: string[];
    rcode: number | null;
  }[];
}

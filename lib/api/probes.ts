// The wire contract of probes (POST /api/probes): a check with real packets from inside one container's
// network namespace (ping, TCP connect, HTTP GET, DNS lookup, a path trace, a throughput test to another
// container), the way a person would with `docker exec … ping`, without tools in the image. The answer is a
// stream of JSON lines (application/x-ndjson), one ProbeEvent each, as the probe runs. Pure: shared by the
// server, the client and tests.
import { z } from "zod";
import type { ApiErrorDetail } from "./types";

export const PROBE_KINDS = ["ping", "tcp", "http", "dns", "trace", "throughput"] as const;
export type ProbeKind = (typeof PROBE_KINDS)[number];

/** Hard limits, whatever is asked. */
export const PROBE_LIMITS = {
  /** Wall time of any probe. */
  maxSeconds: 10,
  maxPings: 10,
  maxThroughputSeconds: 5,
  maxHops: 20,
  /** Raw output kept per probe; the rest is cut, saying so. */
  maxOutputBytes: 64 * 1024,
  /** First bytes of an HTTP body shown. */
  httpBodyBytes: 512,
} as const;

/** A container: its id or name, as Docker accepts them. */
const CONTAINER = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,254}$/;
/** A DNS name (letters, digits, "-", "_", dots), never starting with "-": no option can be smuggled in. */
const DNS_NAME =
  /^(?=.{1,253}$)[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,62})(?:\.[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,62}))*\.?$/;
const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;
const IPV6 = /^[0-9A-Fa-f:]+(%[A-Za-z0-9_.-]+)?$/;

/** True for what a probe may aim at: an IPv4 or IPv6 address or a DNS name. */
export function isProbeTarget(value: string): boolean {
  return IPV4.test(value) || (value.includes(":") && IPV6.test(value)) || DNS_NAME.test(value);
}

const target = z
  .string()
  .trim()
  .min(1, "Say what to probe: an IP address or a name.")
  .max(253)
  .refine(isProbeTarget, "An IP address or a DNS name (letters, digits, - _ .), not an option or a command.");

const HTTP_PATH = /^\/[A-Za-z0-9._~!$&'()*+,;=:@%/?-]{0,199}$/;

export const probeBody = z.strictObject({
  kind: z.enum(PROBE_KINDS, { message: `One of: ${PROBE_KINDS.join(", ")}.` }),
  /** The container whose network namespace the probe runs in. */
  container: z.string().regex(CONTAINER, "A container id or name."),
  engine: z.string().max(32).optional(),
  /** Where to: an address or a name; for throughput, the other container (id or name). */
  target,
  /** tcp (required) and http (default 80, or 443 with https). */
  port: z.number().int().min(1).max(65535).optional(),
  /** ping: how many (1 to 10, default 3). */
  count: z.number().int().min(1).max(PROBE_LIMITS.maxPings).optional(),
  /** http: https instead of http, and the path (default "/"). */
  https: z.boolean().optional(),
  path: z.string().regex(HTTP_PATH, "A path starting with /, at most 200 characters.").optional(),
  /** throughput: seconds (1 to 5, default 3). */
  seconds: z.number().int().min(1).max(PROBE_LIMITS.maxThroughputSeconds).optional(),
});
export type ProbeRequest = z.infer<typeof probeBody>;

/** How the probe ran: in the container's namespace with the server's own tools, or a helper container. */
export type ProbeMethod = "nsenter" | "helper-container";

export interface PingDetails {
  kind: "ping";
  sent: number;
  received: number;
  lossPercent: number;
  rttMs: { min: number; avg: number; max: number } | null;
  /** TTL of the first reply (64 from a container on the same host, less for each router on the way). */
  ttl: number | null;
}
export interface TcpDetails {
  kind: "tcp";
  state: "open" | "refused" | "timeout" | "unreachable";
  connectMs: number | null;
}
export interface HttpDetails {
  kind: "http";
  status: number | null;
  ms: number | null;
  headers: Record<string, string>;
  /** The first bytes of the body, as text. */
  body: string;
  failure: string | null;
}
export interface DnsDetails {
  kind: "dns";
  name: string;
  answers: string[];
  /** Which resolver answered: Docker's embedded one (127.0.0.11), another server, or /etc/hosts. */
  resolver: { address: string | null; kind: "embedded" | "outside" | "hosts-file" };
  rcode: "NOERROR" | "NXDOMAIN" | "SERVFAIL" | "REFUSED" | "TIMEOUT" | string;
}
export interface TraceDetails {
  kind: "trace";
  hops: { ttl: number; address: string | null; ms: number | null }[];
  reached: boolean;
}
export interface ThroughputDetails {
  kind: "throughput";
  bytes: number;
  seconds: number;
  bitsPerSecond: number;
}
export type ProbeDetails =
  | PingDetails
  | TcpDetails
  | HttpDetails
  | DnsDetails
  | TraceDetails
  | ThroughputDetails;

export type ProbeEvent =
  | {
      type: "start";
      probe: ProbeRequest;
      method: ProbeMethod;
      /** The docker command a person would type for the same check (shellCommand-quoted). */
      command: string;
      container: { id: string; name: string; engine: string };
    }
  /** A line of the tool's own output, as it comes. */
  | { type: "line"; text: string }
  /** The outcome: ok is "the packets got through" (ping replies, TCP open, an HTTP answer, DNS answers…). */
  | { type: "result"; ok: boolean; summary: string; details: ProbeDetails; ms: number }
  | { type: "error"; error: ApiErrorDetail };

// What each probe runs, as argument lists (never a shell line): the busybox command for a helper container,
// the busybox command run in the container's namespace with nsenter, and the docker command a person would type
// for the same check (shown in the start event). Targets were validated by probeBody (an address or a DNS name,
// never starting with "-"), and always come after the options. Pure.
import { PROBE_LIMITS, type ProbeRequest } from "@/lib/api/probes";
import { shellCommand } from "@/lib/api/shell";

/** Seconds a tool may wait for one TCP or HTTP answer, leaving time for the rest within 10 s. */
export const CONNECT_TIMEOUT_S = 5;

/** ping ends by itself within `deadline` s, however many are asked (a helper container needs 1–2 s to start). */
export function pingArgs(p: ProbeRequest, deadline: number): string[] {
  const count = p.count ?? 3;
  return ["ping", "-c", String(count), "-W", "1", "-w", String(Math.min(count + 1, deadline)), p.target];
}

export function traceArgs(p: ProbeRequest): string[] {
  return ["traceroute", "-n", "-m", String(PROBE_LIMITS.maxHops), "-w", "1", "-q", "1", p.target];
}

export function httpPort(p: ProbeRequest): number {
  return p.port ?? (p.https ? 443 : 80);
}

export function httpUrl(p: ProbeRequest): string {
  const host = p.target.includes(":") ? `[${p.target}]` : p.target;
  return `${p.https ? "https" : "http"}://${host}:${httpPort(p)}${p.path ?? "/"}`;
}

/** The busybox command (without "busybox") a helper container runs; null for throughput (needs the host). */
export function busyboxArgs(p: ProbeRequest, deadline: number): string[] | null {
  switch (p.kind) {
    case "ping":
      return pingArgs(p, deadline);
    case "trace":
      return traceArgs(p);
    case "tcp":
      return ["nc", "-w", String(CONNECT_TIMEOUT_S), p.target, String(p.port), "-e", "true"];
    case "http":
      return [
        "wget",
        "-S",
        "-O",
        "-",
        "-T",
        String(CONNECT_TIMEOUT_S),
        ...(p.https ? ["--no-check-certificate"] : []),
        httpUrl(p),
      ];
    case "dns":
      return ["nslookup", p.target];
    default:
      return null;
  }
}

/** The docker command a person would type for the same check. */
export function probeCommand(
  p: ProbeRequest,
  container: string,
  how: {
    method: "nsenter" | "helper-container";
    image: string;
    deadline: number;
    targetAddress?: string | null;
  },
): string {
  if (p.kind === "throughput") {
    const address = how.targetAddress ?? p.target;
    return `${shellCommand("docker", "exec", p.target, "nc", "-l", "-p", "5201")} > /dev/null & ${shellCommand(
      "docker",
      "exec",
      container,
      "sh",
      "-c",
      `timeout ${p.seconds ?? 3} cat /dev/zero | nc ${address} 5201`,
    )}`;
  }
  const args = busyboxArgs(p, how.deadline) as string[];
  return how.method === "helper-container"
    ? shellCommand(
        "docker",
        "run",
        "--rm",
        "--network",
        `container:${container}`,
        how.image,
        "busybox",
        ...args,
      )
    : shellCommand("docker", "exec", container, ...args);
}

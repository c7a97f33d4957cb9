// Reading what the probe tools print (busybox ping and traceroute, the probe agent's RESULT line) and the
// container's own resolver files (/etc/resolv.conf, /etc/hosts), and saying each outcome in one plain sentence.
// Pure: tested on output recorded from the real tools (lib/probe/__fixtures__).
import type {
  DnsDetails,
  HttpDetails,
  PingDetails,
  TcpDetails,
  ThroughputDetails,
  TraceDetails,
} from "@/lib/api/probes";

/** busybox ping's output: replies, loss, round trips and the first reply's TTL. */
export function parsePing(output: string, asked: number): PingDetails {
  const stats = /(\d+) packets transmitted, (\d+) (?:packets )?received/.exec(output);
  const replies = [...output.matchAll(/^\d+ bytes from [^:]+: seq=\d+ ttl=(\d+) time=([\d.]+) ms/gm)];
  const sent = stats ? Number(stats[1]) : asked;
  const received = stats ? Number(stats[2]) : replies.length;
  const rtt = /round-trip min\/avg\/max = ([\d.]+)\/([\d.]+)\/([\d.]+) ms/.exec(output);
  const first = replies[0];
  return {
    kind: "ping",
    sent,
    received,
    lossPercent: sent > 0 ? Math.round((100 * (sent - received)) / sent) : 100,
    rttMs: rtt ? { min: Number(rtt[1]), avg: Number(rtt[2]), max: Number(rtt[3]) } : null,
    ttl: first ? Number(first[1]) : null,
  };
}

/** busybox traceroute -n -q 1: one line per hop, "*" where nothing answered. */
export function parseTrace(output: string, target: string | null): TraceDetails {
  const hops: TraceDetails["hops"] = [];
  for (const m of output.matchAll(/^\s*(\d+)\s+(?:(\*)|(\S+)\s+([\d.]+) ms)/gm)) {
    hops.push({
      ttl: Number(m[1]),
      address: m[2] ? null : (m[3] ?? null),
      ms: m[4] ? Number(m[4]) : null,
    });
  }
  const resolved = /^traceroute to \S+ \(([^)]+)\)/m.exec(output)?.[1] ?? target;
  const last = hops.at(-1);
  return { kind: "trace", hops, reached: !!last && last.address !== null && last.address === resolved };
}

/** The agent's `RESULT` line's JSON; null when it never got there. */
export function agentResult<T>(json: string | null): T | null {
  if (!json) return null;
  try {
    return JSON.parse(json) as T;
  } catch {
    return null;
  }
}

/** busybox `nc -w N host port -e true`: exit 0 is open; its complaint says refused, unreachable or timeout. */
export function parseNc(output: string, exitCode: number | null, timedOut: boolean): TcpDetails {
  const state: TcpDetails["state"] =
    exitCode === 0
      ? "open"
      : /Connection refused/i.test(output)
        ? "refused"
        : timedOut || /timed out/i.test(output)
          ? "timeout"
          : "unreachable";
  return { kind: "tcp", state, connectMs: null };
}

/** busybox nslookup: the server asked, the answers, or why there are none. */
export function parseNslookup(output: string, name: string, timedOut: boolean): DnsDetails {
  const server = /^Server:\s+(\S+)/m.exec(output)?.[1] ?? null;
  const answers: string[] = [];
  let inAnswer = false;
  for (const line of output.split("\n")) {
    if (/^Name:/.test(line)) inAnswer = true;
    const address = /^Address(?: \d+)?:\s+(\S+)/.exec(line)?.[1];
    if (inAnswer && address && !answers.includes(address)) answers.push(address);
  }
  const cannot = /can't find [^:]+: (\S+)/.exec(output)?.[1];
  const rcode = answers.length
    ? "NOERROR"
    : timedOut || /timed out|no servers could be reached/.test(output)
      ? "TIMEOUT"
      : (cannot ?? "NXDOMAIN");
  return {
    kind: "dns",
    name,
    answers,
    resolver: { address: server, kind: resolverKind(server) },
    rcode,
  };
}

export interface ResolvConf {
  nameservers: string[];
  search: string[];
  ndots: number;
}

/** /etc/resolv.conf as the C library reads it (the last search line wins; ndots defaults to 1). */
export function parseResolvConf(text: string): ResolvConf {
  const conf: ResolvConf = { nameservers: [], search: [], ndots: 1 };
  for (const raw of text.split("\n")) {
    const line = raw.replace(/[#;].*$/, "").trim();
    const [key, ...rest] = line.split(/\s+/);
    if (key === "nameserver" && rest[0]) conf.nameservers.push(rest[0]);
    else if (key === "search" || key === "domain") conf.search = rest.filter(Boolean);
    else if (key === "options") {
      for (const option of rest) {
        const ndots = /^ndots:(\d+)$/.exec(option);
        if (ndots) conf.ndots = Math.min(15, Number(ndots[1]));
      }
    }
  }
  return conf;
}

/** The addresses /etc/hosts gives a name (case-insensitive, every line that names it). */
export function hostsLookup(text: string, name: string): string[] {
  const wanted = name.replace(/\.$/, "").toLowerCase();
  const found: string[] = [];
  for (const raw of text.split("\n")) {
    const [address, ...names] = raw.replace(/#.*$/, "").trim().split(/\s+/);
    if (!address || names.length === 0) continue;
    if (names.some((n) => n.toLowerCase() === wanted) && !found.includes(address)) found.push(address);
  }
  return found;
}

/**
 * The names the container's resolver tries for `name`, in order: a name ending in "." as is; a name with at
 * least ndots dots first as is, then with each search domain; a shorter one with each search domain first.
 */
export function searchNames(name: string, conf: ResolvConf): string[] {
  if (name.endsWith(".")) return [name.slice(0, -1)];
  const dots = name.split(".").length - 1;
  const searched = conf.search.map((domain) => `${name}.${domain.replace(/\.$/, "")}`);
  return dots >= conf.ndots ? [name, ...searched] : [...searched, name];
}

/** Docker's embedded DNS server, inside every container on a user network. */
export const EMBEDDED_DNS = "127.0.0.11";

export function resolverKind(address: string | null): DnsDetails["resolver"]["kind"] {
  return address === EMBEDDED_DNS ? "embedded" : "outside";
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** One sentence per outcome, for the result event. */
export function pingSummary(target: string, d: PingDetails): string {
  if (d.received === 0) return `No reply from ${target}: ${plural(d.sent, "ping")} sent, all lost.`;
  const rtt = d.rttMs ? `, ${d.rttMs.avg} ms on average` : "";
  return `${target} answered ${d.received} of ${plural(d.sent, "ping")} (${d.lossPercent} % lost${rtt}, TTL ${d.ttl}).`;
}

export function tcpSummary(target: string, port: number, d: TcpDetails): string {
  switch (d.state) {
    case "open":
      return `${target} port ${port} is open: connected in ${d.connectMs} ms.`;
    case "refused":
      return `${target} port ${port} refused the connection: the address answers, nothing listens on that port.`;
    case "timeout":
      return `${target} port ${port} did not answer in time: something drops the packets, or nobody has that address.`;
    default:
      return `${target} port ${port} is unreachable from here (no route, or the name does not resolve).`;
  }
}

export function httpSummary(url: string, d: HttpDetails, insecure: boolean): string {
  const unchecked = insecure ? " (the certificate was not checked)" : "";
  if (d.status === null) return `No HTTP answer from ${url}: ${d.failure ?? "unknown failure"}${unchecked}.`;
  return `${url} answered HTTP ${d.status} in ${d.ms} ms${unchecked}.`;
}

export function dnsSummary(d: DnsDetails): string {
  const by =
    d.resolver.kind === "hosts-file"
      ? "the container's /etc/hosts"
      : d.resolver.kind === "embedded"
        ? `Docker's embedded DNS (${d.resolver.address})`
        : `the outside server ${d.resolver.address}`;
  if (d.answers.length) return `${d.name} is ${d.answers.join(", ")}, answered by ${by}.`;
  if (d.rcode === "NXDOMAIN") return `${d.name} does not exist (NXDOMAIN from ${by}).`;
  if (d.rcode === "TIMEOUT") return `No answer for ${d.name}: ${by} did not answer in time.`;
  if (d.rcode === "NOERROR") return `${d.name} exists but has no address (answered by ${by}).`;
  return `${d.name} could not be resolved: ${d.rcode} from ${by}.`;
}

export function traceSummary(target: string, d: TraceDetails): string {
  const answered = d.hops.filter((h) => h.address).length;
  if (d.reached) return `${target} reached in ${plural(d.hops.length, "hop")}.`;
  return `${target} not reached: ${plural(d.hops.length, "hop")} tried, ${answered} answered.`;
}

export function throughputSummary(target: string, d: ThroughputDetails): string {
  if (d.bytes === 0) return `Nothing got through to ${target}.`;
  const mbit = d.bitsPerSecond / 1e6;
  return `${(d.bytes / 1e6).toFixed(1)} MB to ${target} in ${d.seconds.toFixed(1)} s: ${mbit >= 100 ? mbit.toFixed(0) : mbit.toFixed(1)} Mbit/s.`;
}

// Probes (POST /api/probes): a check with real packets from inside one container's network namespace.
// prepareProbe does everything that can refuse (the container exists and runs, the method, the probe image,
// a probe slot) before the answer starts; runProbe then runs it, streaming the tool's lines, and ends with a
// result within PROBE_LIMITS.maxSeconds. How: where this server sees the engine's host, `nsenter --net` with
// its own busybox and Node (lib/probe/nsenter.ts); elsewhere (or NETATLAS_PROBE_METHOD=helper-container) a
// short-lived helper container joined to the container's namespace (lib/docker/probe-helper.ts).
import "server-only";
import fs from "node:fs";
import { isIP } from "node:net";
import { AppError } from "@/lib/api/errors";
import {
  type DnsDetails,
  type HttpDetails,
  PROBE_LIMITS,
  type ProbeDetails,
  type ProbeEvent,
  type ProbeMethod,
  type ProbeRequest,
  type TcpDetails,
  type ThroughputDetails,
} from "@/lib/api/probes";
import type { Principal } from "@/lib/auth/guard";
import type { EngineConfig } from "@/lib/docker/config";
import {
  inspectProbeContainer,
  type ProbeContainer,
  requireProbeImage,
  runHelperContainer,
} from "@/lib/docker/probe-helper";
import { openProbeSlot } from "@/lib/http/limits";
import { observeProbe } from "@/lib/metrics/metrics";
import { busyboxArgs, CONNECT_TIMEOUT_S, httpPort, httpUrl, probeCommand } from "./commands";
import { AGENT, BUSYBOX, namespaceOf, runInNamespace } from "./nsenter";
import { ProbeOutput } from "./output";
import {
  agentResult,
  dnsSummary,
  hostsLookup,
  httpSummary,
  parseNc,
  parseNslookup,
  parsePing,
  parseResolvConf,
  parseTrace,
  pingSummary,
  resolverKind,
  searchNames,
  tcpSummary,
  throughputSummary,
  traceSummary,
} from "./parse";

export const DEFAULT_PROBE_IMAGE = "netatlas/busybox:latest";
/** ping's own deadline (s): a helper container needs a moment to start within the 10 s. */
const PING_DEADLINE = { nsenter: 9, "helper-container": 7 } as const;
/** Kept back from the 10 s for reading the result and removing a helper. */
const MARGIN_MS = 400;

export function probeImage(): string {
  return process.env.NETATLAS_PROBE_IMAGE?.trim() || DEFAULT_PROBE_IMAGE;
}

function forcedHelper(): boolean {
  return process.env.NETATLAS_PROBE_METHOD?.trim() === "helper-container";
}

export interface PreparedProbe {
  probe: ProbeRequest;
  engine: EngineConfig;
  container: ProbeContainer;
  method: ProbeMethod;
  /** The namespace file entered (nsenter). */
  netns: string | null;
  image: string;
  /** throughput: the other container, its namespace, and the address the sender aims at. */
  peer: { container: ProbeContainer; netns: string; address: string } | null;
  command: string;
  /** Gives the probe slot back (once). */
  release: () => void;
}

async function runningContainer(engine: EngineConfig, ref: string, role: string): Promise<ProbeContainer> {
  const c = await inspectProbeContainer(engine, ref);
  if (c.status !== "running" || !(c.pid > 0)) {
    throw new AppError(
      "conflict",
      `${role} ${c.name} is not running (${c.status}): a probe runs inside a running container's network namespace; start or unpause it first.`,
      null,
      { engine: engine.id },
    );
  }
  return c;
}

/** Everything that can refuse a probe, before its answer starts: 404, 409, 429 as plain JSON errors. */
export async function prepareProbe(
  engine: EngineConfig,
  probe: ProbeRequest,
  who: Principal,
): Promise<PreparedProbe> {
  if (probe.kind === "tcp" && probe.port === undefined) {
    throw new AppError("bad_request", "A TCP probe needs a port.", null, {
      fields: [{ field: "port", message: "Say which port to connect to (1 to 65535)." }],
    });
  }
  if (probe.kind === "dns" && !/[A-Za-z_]/.test(probe.target.replace(/\.$/, "").split(".").at(-1) ?? "")) {
    throw new AppError("bad_request", "A DNS probe looks up a name, not an address.", null, {
      fields: [{ field: "target", message: "A name to look up, such as a container name or alias." }],
    });
  }
  const container = await runningContainer(engine, probe.container, "Container");
  const image = probeImage();
  const place = forcedHelper()
    ? { why: "NETATLAS_PROBE_METHOD=helper-container" }
    : namespaceOf(engine, container);
  const method: ProbeMethod = "netns" in place ? "nsenter" : "helper-container";
  let peer: PreparedProbe["peer"] = null;
  if (probe.kind === "throughput") {
    if (!("netns" in place)) {
      throw new AppError(
        "conflict",
        `A throughput test runs a tool in both containers' namespaces, which needs this server on the engine's host (here: ${place.why}).`,
        null,
        { engine: engine.id },
      );
    }
    const other = await runningContainer(engine, probe.target, "Target container");
    const otherPlace = namespaceOf(engine, other);
    if (!("netns" in otherPlace)) {
      throw new AppError("conflict", `Cannot enter ${other.name}'s namespace: ${otherPlace.why}.`, null, {
        engine: engine.id,
      });
    }
    const shared = other.addresses.find((a) => container.addresses.some((b) => b.network === a.network));
    const address = (shared ?? other.addresses[0])?.ip;
    if (!address) {
      throw new AppError("conflict", `${other.name} has no IP address to send to.`, null, {
        engine: engine.id,
      });
    }
    peer = { container: other, netns: otherPlace.netns, address };
  } else if (method === "helper-container") {
    if (probe.kind === "http") {
      throw new AppError(
        "conflict",
        `An HTTP probe needs this server on the engine's host (here: ${"why" in place ? place.why : ""}); busybox's wget in the probe image cannot stand in for it. Try a TCP probe to the port.`,
        null,
        { engine: engine.id },
      );
    }
    await requireProbeImage(engine, image);
  }
  const command = probeCommand(probe, container.name, {
    method,
    image,
    deadline: PING_DEADLINE[method],
    targetAddress: peer?.address ?? null,
  });
  const release = openProbeSlot(who);
  return {
    probe,
    engine,
    container,
    method,
    netns: "netns" in place ? place.netns : null,
    image,
    peer,
    command,
    release,
  };
}

export function startEvent(p: PreparedProbe): ProbeEvent {
  return {
    type: "start",
    probe: p.probe,
    method: p.method,
    command: p.command,
    container: { id: p.container.id, name: p.container.name, engine: p.engine.id },
  };
}

type Result = Extract<ProbeEvent, { type: "result" }>;

interface Ran {
  output: ProbeOutput;
  exitCode: number | null;
  timedOut: boolean;
}

/** Runs one probe to its result; lines go to `onLine` as they come. Throws an AppError when it cannot run. */
export async function runProbe(
  p: PreparedProbe,
  onLine: (text: string) => void,
  signal: AbortSignal,
): Promise<Result> {
  // Counted here, where the API and the lab checks both run their probes (netatlas_probes_total).
  try {
    const result = await runPrepared(p, onLine, signal);
    observeProbe(p.probe.kind, result.ok ? "ok" : "failed");
    return result;
  } catch (err) {
    observeProbe(p.probe.kind, "error");
    throw err;
  }
}

async function runPrepared(
  p: PreparedProbe,
  onLine: (text: string) => void,
  signal: AbortSignal,
): Promise<Result> {
  const started = Date.now();
  const endAt = started + PROBE_LIMITS.maxSeconds * 1000 - MARGIN_MS;
  const left = () => Math.max(100, endAt - Date.now());
  const { probe } = p;

  /** Runs one tool; `on` names whose namespace (for throughput) and sees each line too. */
  async function run(
    argv: string[],
    on: { netns?: string | null; prefix?: string; watch?: (text: string) => void } = {},
  ): Promise<Ran> {
    const { netns = p.netns, prefix = "", watch } = on;
    const output = new ProbeOutput((text) => {
      watch?.(text);
      onLine(prefix + text);
    });
    if (p.method === "nsenter") {
      const r = await runInNamespace(netns as string, argv, left(), (c) => output.write(c), signal);
      output.end();
      if (r.failure)
        throw new AppError("engine_error", `The probe could not enter the container: ${r.failure}`);
      return { output, exitCode: r.exitCode, timedOut: r.timedOut };
    }
    const r = await runHelperContainer(
      p.engine,
      p.container.id,
      p.image,
      ["busybox", ...argv],
      left(),
      (c) => output.write(c),
      signal,
    );
    output.end();
    return { output, exitCode: r.exitCode, timedOut: r.timedOut };
  }
  const agent = (job: Record<string, unknown>, on: Parameters<typeof run>[1] = {}) =>
    run([process.execPath, AGENT, JSON.stringify(job)], on);
  const stopped = () => {
    if (signal.aborted) throw new AppError("bad_request", "The probe was stopped: the client went away.");
  };
  const done = (ok: boolean, summary: string, details: ProbeDetails): Result => {
    stopped();
    return { type: "result", ok, summary, details, ms: Date.now() - started };
  };
  const timeoutNote = (r: Ran) => (r.timedOut ? ` (stopped at the ${PROBE_LIMITS.maxSeconds} s limit)` : "");

  // In the namespace, this server's tools would read this machine's /etc/resolv.conf and /etc/hosts: a name is
  // resolved first the container's way (its files, its nameservers), and the tool gets the address.
  let target = probe.target;
  if (p.method === "nsenter" && ["ping", "tcp", "http", "trace"].includes(probe.kind) && !isIP(target)) {
    const found = await lookUp(p, onLine, agent);
    const address = found.answers.find((a) => isIP(a) === 4) ?? found.answers[0];
    if (!address) {
      const why = `${probe.target} does not resolve in ${p.container.name}: ${dnsSummary(found)}`;
      const details: ProbeDetails =
        probe.kind === "ping"
          ? { kind: "ping", sent: 0, received: 0, lossPercent: 100, rttMs: null, ttl: null }
          : probe.kind === "tcp"
            ? { kind: "tcp", state: "unreachable", connectMs: null }
            : probe.kind === "http"
              ? { kind: "http", status: null, ms: null, headers: {}, body: "", failure: why }
              : { kind: "trace", hops: [], reached: false };
      return done(false, why, details);
    }
    onLine(`${probe.target} is ${address}`);
    target = address;
  }
  const aimed: ProbeRequest = { ...probe, target };

  switch (probe.kind) {
    case "ping": {
      const argv = busyboxArgs(aimed, PING_DEADLINE[p.method]) as string[];
      const r = await run(p.method === "nsenter" ? [BUSYBOX, ...argv] : argv);
      const d = parsePing(r.output.text, probe.count ?? 3);
      return done(d.received > 0, pingSummary(probe.target, d) + timeoutNote(r), d);
    }
    case "trace": {
      const argv = busyboxArgs(aimed, 0) as string[];
      const r = await run(p.method === "nsenter" ? [BUSYBOX, ...argv] : argv);
      const d = parseTrace(r.output.text, target);
      return done(d.reached, traceSummary(probe.target, d) + timeoutNote(r), d);
    }
    case "tcp": {
      const port = probe.port as number;
      let d: TcpDetails;
      if (p.method === "nsenter") {
        const r = await agent({ kind: "tcp", target, port, timeoutMs: CONNECT_TIMEOUT_S * 1000 });
        d = { kind: "tcp", ...(agentResult<Omit<TcpDetails, "kind">>(r.output.result) ?? noAnswer(r)) };
      } else {
        const r = await run(busyboxArgs(probe, 0) as string[]);
        d = parseNc(r.output.text, r.exitCode, r.timedOut);
      }
      return done(d.state === "open", tcpSummary(probe.target, port, d), {
        kind: "tcp",
        state: d.state,
        connectMs: d.connectMs,
      });
    }
    case "http": {
      const r = await agent({
        kind: "http",
        target,
        hostHeader: probe.target,
        port: httpPort(probe),
        path: probe.path ?? "/",
        secure: !!probe.https,
        timeoutMs: CONNECT_TIMEOUT_S * 1000,
        bodyBytes: PROBE_LIMITS.httpBodyBytes,
      });
      const got = agentResult<Omit<HttpDetails, "kind">>(r.output.result);
      const d: HttpDetails = got
        ? { kind: "http", ...got }
        : {
            kind: "http",
            status: null,
            ms: null,
            headers: {},
            body: "",
            failure: `no answer${timeoutNote(r)}`,
          };
      return done(d.status !== null, httpSummary(httpUrl(probe), d, !!probe.https), d);
    }
    case "dns": {
      if (p.method === "helper-container") {
        const r = await run(busyboxArgs(probe, 0) as string[]);
        const d = parseNslookup(r.output.text, probe.target, r.timedOut);
        return done(d.answers.length > 0, dnsSummary(d), d);
      }
      const d = await lookUp(p, onLine, agent);
      return done(d.answers.length > 0, dnsSummary(d), d);
    }
    case "throughput": {
      const peer = p.peer as NonNullable<PreparedProbe["peer"]>;
      const seconds = probe.seconds ?? 3;
      // The receiver first, in the target's namespace; the sender once it says which port it listens on.
      let listening: (port: number) => void = () => undefined;
      const portKnown = new Promise<number>((resolve) => {
        listening = resolve;
      });
      const receiver = agent(
        { kind: "recv", timeoutMs: left() - 200 },
        {
          netns: peer.netns,
          prefix: `${peer.container.name}: `,
          watch: (text) => {
            const m = /^listening on port (\d+)$/.exec(text);
            if (m) listening(Number(m[1]));
          },
        },
      );
      const port = await Promise.race([portKnown, receiver.then(() => 0)]);
      if (port > 0) {
        await agent(
          { kind: "send", target: peer.address, port, seconds, timeoutMs: CONNECT_TIMEOUT_S * 1000 },
          { prefix: `${p.container.name}: ` },
        );
      }
      const r = await receiver;
      const got = agentResult<{ bytes: number; seconds: number }>(r.output.result) ?? {
        bytes: 0,
        seconds: 0,
      };
      const d: ThroughputDetails = {
        kind: "throughput",
        bytes: got.bytes,
        seconds: got.seconds,
        bitsPerSecond: got.seconds > 0 ? Math.round((got.bytes * 8) / got.seconds) : 0,
      };
      return done(d.bytes > 0, throughputSummary(peer.container.name, d), d);
    }
  }
}

function noAnswer(r: Ran): Omit<TcpDetails, "kind"> {
  return { state: r.timedOut ? "timeout" : "unreachable", connectMs: null };
}

/** Reads one of the container's own files through its root (/proc/<pid>/root/…); "" when it has none. */
function containerFile(c: ProbeContainer, file: string): string {
  try {
    return fs.readFileSync(`/proc/${c.pid}/root${file}`, "utf8").slice(0, 256 * 1024);
  } catch {
    return "";
  }
}

/** DNS as the container resolves: its /etc/hosts first, then its nameservers, with its search domains. */
async function lookUp(
  p: PreparedProbe,
  onLine: (text: string) => void,
  agent: (job: Record<string, unknown>) => Promise<Ran>,
): Promise<DnsDetails> {
  const name = p.probe.target;
  const conf = parseResolvConf(containerFile(p.container, "/etc/resolv.conf"));
  const names = searchNames(name, conf);
  const hosts = containerFile(p.container, "/etc/hosts");
  for (const candidate of names) {
    const found = hostsLookup(hosts, candidate);
    if (found.length) {
      onLine(`/etc/hosts: ${candidate} ${found.join(" ")}`);
      return {
        kind: "dns",
        name: candidate,
        answers: found,
        resolver: { address: null, kind: "hosts-file" },
        rcode: "NOERROR",
      };
    }
  }
  // Without a nameserver line the C library asks 127.0.0.1.
  const servers = conf.nameservers.length ? conf.nameservers.slice(0, 3) : ["127.0.0.1"];
  onLine(`/etc/resolv.conf: nameserver ${servers.join(", ")}; search ${conf.search.join(" ") || "(none)"}`);
  const r = await agent({ kind: "dns", names, servers, timeoutMs: CONNECT_TIMEOUT_S * 1000 });
  const got = agentResult<{ name: string; answers: string[]; rcode: string; server: string | null }>(
    r.output.result,
  );
  const server = got?.server ?? servers[0] ?? null;
  return {
    kind: "dns",
    name: got?.name ?? name,
    answers: got?.answers ?? [],
    resolver: { address: server, kind: resolverKind(server) },
    rcode: got?.rcode ?? "TIMEOUT",
  };
}

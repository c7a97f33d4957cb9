"use client";
// Probe from a container (operators): ping, TCP connect, HTTP GET, DNS lookup, a path trace, or a throughput
// test to another container, run with real packets inside the container's network namespace. Targets are
// suggested from what the container can name (the containers on its networks, their aliases and addresses);
// anything typed is checked as an address or a name before it is sent.
import { type FormEvent, useId, useState } from "react";
import { isProbeTarget, PROBE_LIMITS, type ProbeKind, type ProbeRequest } from "@/lib/api/probes";
import { ProbeOutput } from "./ProbeOutput";
import { useProbe } from "./use-probe";

const KINDS: { kind: ProbeKind; label: string; hint: string }[] = [
  {
    kind: "ping",
    label: "Ping",
    hint: "ICMP echo: is the address reachable at all, how fast, after how many hops (TTL).",
  },
  {
    kind: "tcp",
    label: "TCP connect",
    hint: "Does something listen on the port: open, refused, or no answer (filtered).",
  },
  { kind: "http", label: "HTTP GET", hint: "The status, headers and first bytes a web server answers." },
  {
    kind: "dns",
    label: "DNS lookup",
    hint: "What a name gives from this container, and which resolver answered.",
  },
  { kind: "trace", label: "Path trace", hint: "The routers on the way (for a container → outside path)." },
  { kind: "throughput", label: "Throughput", hint: "Bytes per second to another container, for up to 5 s." },
];

export interface ProbeTargets {
  /** Names and addresses this container can use (suggestions). */
  names: string[];
  /** Other running containers, for a throughput test (sent by name: a 64-hex id is not a valid target). */
  containers: { id: string; name: string }[];
}

const INPUT = "rounded border border-slate-300 bg-white px-2 py-1 text-sm";

export function ProbePanel({
  engine,
  containerId,
  containerName,
  running,
  targets,
}: {
  engine: string;
  containerId: string;
  containerName: string;
  running: boolean;
  targets: ProbeTargets;
}) {
  const ids = useId();
  const [kind, setKind] = useState<ProbeKind>("ping");
  const [problem, setProblem] = useState<string | null>(null);
  const probe = useProbe();
  const hint = KINDS.find((k) => k.kind === kind)?.hint;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const target = String(form.get("target") ?? "").trim();
    const number = (name: string) => {
      const v = String(form.get(name) ?? "").trim();
      return v === "" ? undefined : Number(v);
    };
    if (kind !== "throughput" && !isProbeTarget(target)) {
      setProblem("Give an IP address or a name (letters, digits, - _ .).");
      return;
    }
    const port = number("port");
    if (kind === "tcp" && port === undefined) {
      setProblem("A TCP connect needs a port.");
      return;
    }
    setProblem(null);
    const body: ProbeRequest = { kind, container: containerId, engine, target };
    if ((kind === "tcp" || kind === "http") && port !== undefined) body.port = port;
    if (kind === "ping") body.count = number("count") ?? 3;
    if (kind === "http") {
      body.https = form.get("https") === "on";
      const path = String(form.get("path") ?? "").trim();
      if (path) body.path = path;
    }
    if (kind === "throughput") body.seconds = number("seconds") ?? 3;
    probe.run(body);
  }

  if (!running) {
    return (
      <p className="mt-3 text-sm text-slate-600">
        Probes run inside a running container; {containerName} is not running.
      </p>
    );
  }
  return (
    <section aria-label="Probe" className="mt-3 rounded border border-slate-200 p-2">
      <h3 className="font-semibold">Probe from {containerName}</h3>
      <form onSubmit={submit} className="mt-1 flex flex-wrap items-end gap-2">
        <label className="flex flex-col text-xs">
          Probe
          <select
            className={INPUT}
            value={kind}
            onChange={(e) => setKind(e.target.value as ProbeKind)}
            name="kind"
          >
            {KINDS.map((k) => (
              <option key={k.kind} value={k.kind}>
                {k.label}
              </option>
            ))}
          </select>
        </label>
        {kind === "throughput" ? (
          <label className="flex flex-col text-xs">
            To container
            <select className={INPUT} name="target" required>
              {targets.containers.map((c) => (
                <option key={c.id} value={c.name}>
                  {c.name}
                </option>
              ))}
            </select>
          </label>
        ) : (
          <label className="flex min-w-40 flex-1 flex-col text-xs">
            Target (address or name)
            <input className={INPUT} name="target" list={`${ids}-names`} required autoComplete="off" />
            <datalist id={`${ids}-names`}>
              {targets.names.map((n) => (
                <option key={n} value={n} />
              ))}
            </datalist>
          </label>
        )}
        {kind === "tcp" || kind === "http" ? (
          <label className="flex w-20 flex-col text-xs">
            Port
            <input
              className={INPUT}
              name="port"
              type="number"
              min={1}
              max={65535}
              required={kind === "tcp"}
            />
          </label>
        ) : null}
        {kind === "ping" ? (
          <label className="flex w-16 flex-col text-xs">
            Count
            <input
              className={INPUT}
              name="count"
              type="number"
              min={1}
              max={PROBE_LIMITS.maxPings}
              defaultValue={3}
            />
          </label>
        ) : null}
        {kind === "http" ? (
          <>
            <label className="flex w-28 flex-col text-xs">
              Path
              <input className={INPUT} name="path" defaultValue="/" />
            </label>
            <label className="flex items-center gap-1 text-xs">
              <input type="checkbox" name="https" /> https
            </label>
          </>
        ) : null}
        {kind === "throughput" ? (
          <label className="flex w-16 flex-col text-xs">
            Seconds
            <input
              className={INPUT}
              name="seconds"
              type="number"
              min={1}
              max={PROBE_LIMITS.maxThroughputSeconds}
              defaultValue={3}
            />
          </label>
        ) : null}
        {probe.state.running ? (
          <button
            type="button"
            onClick={probe.stop}
            className="rounded border border-slate-300 px-3 py-1 text-sm"
          >
            Stop
          </button>
        ) : (
          <button type="submit" className="rounded bg-slate-800 px-3 py-1 text-sm text-white">
            Run probe
          </button>
        )}
      </form>
      <p className="mt-1 text-xs text-slate-500">{hint}</p>
      {problem ? (
        <p role="alert" className="mt-1 text-sm text-rose-800">
          {problem}
        </p>
      ) : null}
      <ProbeOutput state={probe.state} />
    </section>
  );
}

"use client";
// What a probe did, as it happens: the equivalent docker command, how it ran (in the container's namespace
// with the server's tools, or a helper container), the tool's own lines, and the outcome in words.
import type { ProbeDetails } from "@/lib/api/probes";
import { CommandPreview } from "../network/create/CommandPreview";
import type { ProbeState } from "./use-probe";

const METHOD: Record<string, string> = {
  nsenter: "ran in the container's network namespace with the server's own tools (the image needs nothing)",
  "helper-container": "ran in a short-lived helper container sharing the container's network namespace",
};

function facts(d: ProbeDetails): [string, string][] {
  switch (d.kind) {
    case "ping":
      return [
        ["replies", `${d.received} of ${d.sent} (${d.lossPercent}% lost)`],
        ["round trip", d.rttMs ? `${d.rttMs.min} / ${d.rttMs.avg} / ${d.rttMs.max} ms (min/avg/max)` : "-"],
        ["TTL", d.ttl === null ? "-" : String(d.ttl)],
      ];
    case "tcp":
      return [
        ["port", d.state],
        ["connect time", d.connectMs === null ? "-" : `${d.connectMs} ms`],
      ];
    case "http":
      return [
        ["status", d.status === null ? (d.failure ?? "no answer") : String(d.status)],
        ["time", d.ms === null ? "-" : `${d.ms} ms`],
        ...Object.entries(d.headers)
          .slice(0, 8)
          .map(([k, v]): [string, string] => [k, v]),
      ];
    case "dns":
      return [
        ["answers", d.answers.join(", ") || d.rcode],
        [
          "answered by",
          d.resolver.kind === "hosts-file"
            ? "/etc/hosts"
            : `${d.resolver.address ?? "?"} (${d.resolver.kind === "embedded" ? "Docker's embedded DNS" : "outside resolver"})`,
        ],
      ];
    case "trace":
      return d.hops.map((h): [string, string] => [
        `hop ${h.ttl}`,
        `${h.address ?? "*"}${h.ms === null ? "" : `  ${h.ms} ms`}`,
      ]);
    case "throughput":
      return [
        ["rate", `${(d.bitsPerSecond / 1e6).toFixed(1)} Mbit/s`],
        ["sent", `${(d.bytes / 1e6).toFixed(1)} MB in ${d.seconds} s`],
      ];
  }
}

export function ProbeOutput({ state, compact = false }: { state: ProbeState; compact?: boolean }) {
  const { start, lines, result, error, running } = state;
  if (!start && !result && !error && !running) return null;
  return (
    <div className="mt-2 space-y-2 text-sm" aria-live="polite">
      {start && !compact ? (
        <>
          <CommandPreview command={start.command} caption="the same check by hand" />
          <p className="text-xs text-slate-500">How: {METHOD[start.method] ?? start.method}.</p>
        </>
      ) : null}
      {running && !result ? <p className="text-slate-600">Running…</p> : null}
      {result ? (
        <div
          role="status"
          data-ok={result.ok}
          className={`rounded border p-2 ${result.ok ? "border-emerald-300 bg-emerald-50 text-emerald-950" : "border-rose-300 bg-rose-50 text-rose-950"}`}
        >
          <p className="font-medium">
            {result.ok ? "✓ " : "✗ "}
            {result.summary}
          </p>
          {compact ? null : (
            <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-3 text-xs">
              {facts(result.details).map(([k, v]) => (
                <div key={k} className="contents">
                  <dt className="text-slate-600">{k}</dt>
                  <dd className="break-all font-mono">{v}</dd>
                </div>
              ))}
            </dl>
          )}
        </div>
      ) : null}
      {error ? (
        <p role="alert" className="rounded border border-rose-300 bg-rose-50 p-2 text-rose-900">
          {error.message}
        </p>
      ) : null}
      {lines.length && !compact ? (
        <details open={!result}>
          <summary className="cursor-pointer text-xs text-slate-600">
            Tool output ({lines.length} lines)
          </summary>
          <pre className="mt-1 max-h-48 overflow-auto rounded bg-slate-900 p-2 font-mono text-xs text-slate-100">
            {lines.join("\n")}
          </pre>
        </details>
      ) : null}
    </div>
  );
}

"use client";
import type { Agreement, ProbeResult } from "@/lib/analysis/probe-check";
// "Check with a probe" beside a verdict or a DNS answer of the model: runs the matching real probe and says
// whether the packets agree, or that the model missed something, with both sides.
import type { ProbeRequest } from "@/lib/api/probes";
import { ProbeOutput } from "./ProbeOutput";
import { useProbe } from "./use-probe";

const LOOK: Record<Agreement["state"], string> = {
  agrees: "border-emerald-300 bg-emerald-50 text-emerald-950",
  disagrees: "border-amber-400 bg-amber-50 text-amber-950",
  "no-verdict": "border-slate-300 bg-slate-50 text-slate-900",
};

export function ProbeCheck({
  probe,
  judge,
  label = "Check with a probe",
}: {
  probe: ProbeRequest;
  judge: (result: ProbeResult) => Agreement;
  label?: string;
}) {
  const { state, run } = useProbe();
  const agreement = state.result ? judge(state.result) : null;
  return (
    <div className="mt-1">
      <button
        type="button"
        onClick={() => run(probe)}
        disabled={state.running}
        className="rounded border border-slate-300 bg-white px-2 py-0.5 text-xs text-slate-800 hover:bg-slate-100 disabled:opacity-60"
      >
        {state.running ? "Probing…" : state.result ? "Check again" : label}
      </button>
      {agreement ? (
        <p
          role="status"
          data-agreement={agreement.state}
          className={`mt-1 rounded border p-1.5 text-xs ${LOOK[agreement.state]}`}
        >
          {agreement.state === "disagrees" ? "⚠ " : agreement.state === "agrees" ? "✓ " : ""}
          {agreement.text}
        </p>
      ) : (
        <ProbeOutput state={state} compact />
      )}
    </div>
  );
}

"use client";
// The lab beside the map: its steps, the current one's narration, the commands it runs (shown before they run,
// copyable, each with its output once run), Run step, the check's claim and result, a drill's task and fix, and
// Reset. Only `actions` (an operator on the lab page) brings buttons that change anything; viewers and
// followers read the same panel without them.
import { useState } from "react";
import type { LabDto, LabResetDto } from "@/lib/api/labs";
import type { ApiErrorDetail } from "@/lib/api/types";
import type { LabAction } from "@/lib/client/labs";
import { CheckView, type ShownCheck } from "./CheckView";
import { LabCommandView } from "./LabCommand";
import { Narration } from "./Narration";
import { type ActionRun, runKey } from "./use-lab-runs";

export interface LabActions {
  run(step: number, action: LabAction): void;
  /** The key of what runs now ("2:run"), or null. */
  running: string | null;
  reset(): void;
  resetting: boolean;
  resetResult: LabResetDto | null;
  resetError: ApiErrorDetail | null;
}

interface Props {
  lab: LabDto;
  /** From 1. */
  step: number;
  onStep(step: number): void;
  runs: Record<string, ActionRun>;
  check: ShownCheck | null;
  /** The step's focus drawn on the map. */
  focusShown: boolean;
  onToggleFocus?(): void;
  /** Buttons that change the engine (operators on the lab page only). */
  actions: LabActions | null;
  /** Above the steps: presenter mode's button, a follower's Detach, the engine. */
  header?: React.ReactNode;
}

export function LabPanel({
  lab,
  step,
  onStep,
  runs,
  check,
  focusShown,
  onToggleFocus,
  actions,
  header,
}: Props) {
  const current = lab.steps[step - 1];
  const [showFix, setShowFix] = useState<number | null>(null);
  const [confirmReset, setConfirmReset] = useState(false);
  if (!current) return <p className="p-3 text-sm">This lab has no step {step}.</p>;
  const run = runs[runKey(step, "run")];
  const fix = runs[runKey(step, "solution")];
  const busy = actions?.running != null;
  const button =
    "rounded border px-2.5 py-1 text-sm font-medium shadow-sm disabled:cursor-not-allowed disabled:opacity-50";
  return (
    <section aria-label="Lab" className="space-y-3 p-3" data-step={step} data-lab={lab.id}>
      <header className="space-y-1">
        <h1 className="text-base font-semibold leading-tight">{lab.title}</h1>
        <p className="text-xs text-slate-600">
          {lab.level} · {lab.needs === "swarm" ? "needs a swarm manager with a worker" : "one engine"} ·{" "}
          {lab.steps.length} steps
        </p>
        {header}
      </header>
      <ol aria-label="Steps" className="space-y-0.5 text-sm">
        {lab.steps.map((s, i) => {
          const n = i + 1;
          const done = runs[runKey(n, "run")]?.done;
          return (
            <li key={s.title + n}>
              <button
                type="button"
                onClick={() => onStep(n)}
                aria-current={n === step ? "step" : undefined}
                className={`w-full rounded px-1.5 py-0.5 text-left ${n === step ? "bg-slate-800 text-white" : "hover:bg-slate-100"}`}
              >
                {n}. {s.title}
                {done ? <span className="ml-1">{done.ok ? "✓" : "✗"}</span> : null}
              </button>
            </li>
          );
        })}
      </ol>
      <section aria-label={`Step ${step}`} className="space-y-3 border-t border-slate-200 pt-3">
        <h2 className="text-base font-semibold">
          Step {step} of {lab.steps.length}: {current.title}
        </h2>
        <Narration text={current.narration} className="text-sm leading-relaxed" />
        {current.run.length ? (
          <div className="space-y-1.5">
            <h3 className="text-xs font-semibold uppercase tracking-wide text-slate-500">
              Commands ({current.run.length})
            </h3>
            <ol className="space-y-2" aria-label="Commands">
              {current.run.map((c, i) => (
                <LabCommandView key={c.line} command={c} run={run?.commands.find((r) => r.index === i)} />
              ))}
            </ol>
          </div>
        ) : null}
        {run?.error ? (
          <p role="alert" className="rounded border border-rose-300 bg-rose-50 p-2 text-sm text-rose-900">
            {run.error.message}
          </p>
        ) : null}
        {run?.done && !run.done.ok && !run.error ? (
          <p role="alert" className="text-sm text-rose-800">
            The step stopped: a command did not end as it should (above).
          </p>
        ) : null}
        <div className="flex flex-wrap items-center gap-2">
          {actions && current.run.length ? (
            <button
              type="button"
              disabled={busy}
              onClick={() => actions.run(step, "run")}
              className={`${button} border-slate-800 bg-slate-800 text-white hover:bg-slate-700`}
            >
              {actions.running === runKey(step, "run")
                ? "Running…"
                : run?.done
                  ? "Run step again"
                  : "Run step"}
            </button>
          ) : null}
          {onToggleFocus && current.focus.length ? (
            <button
              type="button"
              aria-pressed={focusShown}
              onClick={onToggleFocus}
              className={`${button} border-slate-300 bg-white hover:bg-slate-100`}
            >
              {focusShown ? "Focus shown on the map" : "Show on the map"}
            </button>
          ) : null}
        </div>
        {current.task ? (
          <div className="rounded border border-amber-300 bg-amber-50 p-2 text-sm text-amber-950">
            <h3 className="font-semibold">Your task</h3>
            <Narration text={current.task} />
          </div>
        ) : null}
        {current.check ? (
          <div className="space-y-1.5 rounded border border-slate-200 p-2">
            <h3 className="text-xs font-semibold uppercase tracking-wide text-slate-500">Check</h3>
            <CheckView check={current.check} result={check} />
            {actions ? (
              <button
                type="button"
                disabled={busy}
                onClick={() => actions.run(step, "check")}
                className={`${button} border-slate-300 bg-white hover:bg-slate-100`}
              >
                {actions.running === runKey(step, "check") ? "Checking…" : "Check"}
              </button>
            ) : null}
          </div>
        ) : null}
        {current.solution.length ? (
          <div className="space-y-1.5">
            <button
              type="button"
              aria-expanded={showFix === step}
              onClick={() => setShowFix((now) => (now === step ? null : step))}
              className={`${button} border-slate-300 bg-white hover:bg-slate-100`}
            >
              {showFix === step ? "Hide the fix" : "Show the fix"}
            </button>
            {showFix === step ? (
              <>
                <ol className="space-y-2" aria-label="The fix">
                  {current.solution.map((c, i) => (
                    <LabCommandView key={c.line} command={c} run={fix?.commands.find((r) => r.index === i)} />
                  ))}
                </ol>
                {fix?.error ? (
                  <p role="alert" className="text-sm text-rose-800">
                    {fix.error.message}
                  </p>
                ) : null}
                {actions ? (
                  <button
                    type="button"
                    disabled={busy}
                    onClick={() => actions.run(step, "solution")}
                    className={`${button} border-slate-800 bg-slate-800 text-white hover:bg-slate-700`}
                  >
                    {actions.running === runKey(step, "solution") ? "Running the fix…" : "Run the fix"}
                  </button>
                ) : null}
              </>
            ) : null}
          </div>
        ) : null}
        <nav aria-label="Step navigation" className="flex justify-between border-t border-slate-200 pt-2">
          <button
            type="button"
            disabled={step <= 1}
            onClick={() => onStep(step - 1)}
            className={`${button} border-slate-300 bg-white hover:bg-slate-100`}
          >
            ← Back
          </button>
          <button
            type="button"
            disabled={step >= lab.steps.length}
            onClick={() => onStep(step + 1)}
            className={`${button} border-slate-300 bg-white hover:bg-slate-100`}
          >
            Next →
          </button>
        </nav>
      </section>
      {actions ? (
        <div className="space-y-1 border-t border-slate-200 pt-2 text-sm">
          {confirmReset ? (
            <div
              role="alertdialog"
              aria-label="Reset lab"
              className="rounded border border-rose-300 bg-rose-50 p-2"
            >
              <p>Remove every container, service and network this lab made (label netatlas.lab={lab.id})?</p>
              <div className="mt-1 flex gap-2">
                <button
                  type="button"
                  onClick={() => {
                    setConfirmReset(false);
                    actions.reset();
                  }}
                  className={`${button} border-rose-700 bg-rose-700 text-white hover:bg-rose-600`}
                >
                  Remove them
                </button>
                <button
                  type="button"
                  onClick={() => setConfirmReset(false)}
                  className={`${button} border-slate-300 bg-white`}
                >
                  Cancel
                </button>
              </div>
            </div>
          ) : (
            <button
              type="button"
              disabled={busy || actions.resetting}
              onClick={() => setConfirmReset(true)}
              className={`${button} border-rose-300 bg-white text-rose-800 hover:bg-rose-50`}
            >
              {actions.resetting ? "Resetting…" : "Reset lab"}
            </button>
          )}
          {actions.resetResult ? (
            <p role="status" className="text-xs text-slate-700">
              Removed {describeRemoved(actions.resetResult)} in {actions.resetResult.ms} ms
              {actions.resetResult.failed.length
                ? `; could not remove ${actions.resetResult.failed.map((f) => `${f.object} (${f.message})`).join(", ")}`
                : ""}
              .
            </p>
          ) : null}
          {actions.resetError ? (
            <p role="alert" className="text-xs text-rose-800">
              {actions.resetError.message}
            </p>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}

function describeRemoved(r: LabResetDto): string {
  const parts = [
    [r.removed.services.length, "service"],
    [r.removed.containers.length, "container"],
    [r.removed.networks.length, "network"],
  ] as const;
  const said = parts.filter(([n]) => n > 0).map(([n, what]) => `${n} ${what}${n === 1 ? "" : "s"}`);
  return said.length ? said.join(", ") : "nothing (the lab had left nothing)";
}

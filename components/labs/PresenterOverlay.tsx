"use client";
// Presenter mode's picture over the map: the current step in large type on a panel at the left (title,
// narration, commands, the check's result) and a bar at the top right (the class link, followers, keys, leave).
// Both are marked data-map-cover: the map keeps the step's focus in the part they leave free.
import type { LabDto } from "@/lib/api/labs";
import { CheckView, type ShownCheck } from "./CheckView";
import { CopyButton, LabCommandView } from "./LabCommand";
import { Narration } from "./Narration";
import type { ActionRun } from "./use-lab-runs";

interface Props {
  lab: LabDto;
  step: number;
  run: ActionRun | undefined;
  check: ShownCheck | null;
  /** The follower page's address; null on a follower (who has no link to hand out). */
  classLink: string | null;
  followers: number | null;
  publishError: string | null;
  /** What the keys do, for those who would rather click (absent on a follower: no run or check). */
  onRun: (() => void) | null;
  onCheck: (() => void) | null;
  running: boolean;
  onBack(): void;
  onNext(): void;
  onLeave(): void;
}

const KEY =
  "rounded border-2 border-slate-900 bg-white px-3 py-1 text-lg font-semibold hover:bg-slate-100 disabled:opacity-40";

export function PresenterOverlay(p: Props) {
  const current = p.lab.steps[p.step - 1];
  if (!current) return null;
  return (
    <>
      <section
        aria-label="Presenter step"
        data-map-cover="left"
        data-step={p.step}
        className="absolute bottom-4 left-4 top-4 z-10 flex w-[min(40%,40rem)] flex-col rounded-xl border-2 border-slate-900 bg-white/95 text-slate-950 shadow-xl"
      >
        {/* The step scrolls if it must; the buttons below it stay in view. */}
        <div className="flex min-h-0 flex-1 flex-col gap-4 overflow-y-auto p-6 pb-3">
          <p className="text-lg font-semibold text-slate-700">
            {p.lab.title} · step {p.step} of {p.lab.steps.length}
          </p>
          <h2 className="text-4xl font-bold leading-tight">{current.title}</h2>
          <Narration text={current.narration} className="text-2xl leading-snug" />
          {current.run.length ? (
            <ol className="space-y-2" aria-label="Commands">
              {current.run.map((c, i) => (
                <LabCommandView
                  key={c.line}
                  command={c}
                  run={p.run?.commands.find((r) => r.index === i)}
                  large
                />
              ))}
            </ol>
          ) : null}
          {p.run?.error ? (
            <p role="alert" className="rounded border-2 border-rose-700 p-2 text-xl text-rose-900">
              {p.run.error.message}
            </p>
          ) : null}
          {current.task ? (
            <div className="rounded border-2 border-amber-600 bg-amber-50 p-3 text-xl">
              <p className="font-bold">Your task</p>
              <Narration text={current.task} />
            </div>
          ) : null}
          {current.check ? <CheckView check={current.check} result={p.check} large /> : null}
        </div>
        <div className="flex shrink-0 flex-wrap items-center gap-2 border-t-2 border-slate-300 px-6 py-3">
          <button type="button" className={KEY} onClick={p.onBack} disabled={p.step <= 1}>
            ← Back
          </button>
          <button type="button" className={KEY} onClick={p.onNext} disabled={p.step >= p.lab.steps.length}>
            Next →
          </button>
          {p.onRun && current.run.length ? (
            <button type="button" className={KEY} onClick={p.onRun} disabled={p.running}>
              {p.running ? "Running…" : "Run (r)"}
            </button>
          ) : null}
          {p.onCheck && current.check ? (
            <button type="button" className={KEY} onClick={p.onCheck} disabled={p.running}>
              Check (c)
            </button>
          ) : null}
        </div>
      </section>
      <div
        data-map-cover="top"
        className="absolute right-4 top-4 z-10 flex max-w-[55%] flex-wrap items-center justify-end gap-3 rounded-xl border-2 border-slate-900 bg-white/95 px-4 py-2 text-base text-slate-950 shadow"
      >
        {p.classLink ? (
          <span className="flex items-center gap-2">
            <span className="font-semibold">Class link</span>
            <code className="font-mono">{p.classLink}</code>
            <CopyButton text={p.classLink} className="text-sm" />
          </span>
        ) : null}
        {p.followers !== null ? <span>{p.followers} following</span> : null}
        {p.publishError ? (
          <span role="alert" className="text-rose-800">
            Not sent: {p.publishError}
          </span>
        ) : null}
        <span className="text-slate-700">→ ← r c R f</span>
        <button
          type="button"
          onClick={p.onLeave}
          className="rounded border-2 border-slate-900 px-2 py-0.5 font-semibold"
        >
          Leave (Esc)
        </button>
      </div>
    </>
  );
}

"use client";
// /labs/[id]: the live map with the lab beside it, and presenter mode (?present=1, the Present button or P):
// the step over the map in large type, keys to move, run and check, a pointer ring on the element being
// discussed, and the class state published for followers (/class) while an operator presents.
import { useCallback, useEffect, useRef, useState } from "react";
import { shownCheck } from "@/lib/api/class";
import type { LabDto, LabResetDto } from "@/lib/api/labs";
import type { ApiErrorDetail, TopologyDto } from "@/lib/api/types";
import { toApiError } from "@/lib/client/api";
import { getLab, resetLab } from "@/lib/client/labs";
import { ErrorScreen } from "../ErrorScreen";
import type { LayoutMode } from "../graph/layouts";
import type { CanvasHandle } from "../graph/TopologyCanvas";
import { type MapDriver, TopologyView } from "../TopologyView";
import { fitInto } from "./canvas-class";
import { LabPanel } from "./LabPanel";
import { PresenterOverlay } from "./PresenterOverlay";
import { usePublishClass } from "./use-class";
import { runKey, useLabRuns } from "./use-lab-runs";

interface Props {
  id: string;
  initial: TopologyDto | null;
  initialError: ApiErrorDetail | null;
  canOperate: boolean;
  tierLabel: string;
  present: boolean;
  initialStep: number;
}

/** Keys typed into a field are the field's. */
function typing(event: KeyboardEvent): boolean {
  const target = event.target as HTMLElement | null;
  return !!target?.closest("input, textarea, select, [contenteditable=true]");
}

export function LabView({ id, initial, initialError, canOperate, tierLabel, present, initialStep }: Props) {
  const [lab, setLab] = useState<LabDto | null>(null);
  const [loadError, setLoadError] = useState<ApiErrorDetail | null>(null);
  useEffect(() => {
    getLab(id)
      .then(setLab)
      .catch((err) => setLoadError(toApiError(err).body));
  }, [id]);
  const [step, setStepRaw] = useState(initialStep);
  const [presenting, setPresenting] = useState(present);
  const [pointer, setPointer] = useState<string | null>(null);
  const [selection, setSelection] = useState<string | null>(null);
  const [layout, setLayout] = useState<LayoutMode>("fcose");
  const [focusShown, setFocusShown] = useState<Record<number, boolean>>({});
  const engines = initial?.engines.filter((e) => e.status === "up") ?? [];
  const [engine, setEngine] = useState<string | null>(null);
  const runs = useLabRuns(id, engine);
  const [resetting, setResetting] = useState(false);
  const [resetResult, setResetResult] = useState<LabResetDto | null>(null);
  const [resetError, setResetError] = useState<ApiErrorDetail | null>(null);
  const canvasRef = useRef<CanvasHandle>(null);

  const steps = lab?.steps.length ?? 0;
  const setStep = useCallback(
    (n: number) => {
      if (steps === 0) return;
      setStepRaw(Math.min(steps, Math.max(1, n)));
      setPointer(null);
    },
    [steps],
  );
  // The address says where the lab stands, so a reload (or a link) comes back to it.
  useEffect(() => {
    const url = new URL(window.location.href);
    url.searchParams.set("step", String(step));
    if (presenting) url.searchParams.set("present", "1");
    else url.searchParams.delete("present");
    window.history.replaceState(null, "", url);
  }, [step, presenting]);

  // A step that ran shows its focus on the map.
  const ranKey = Object.entries(runs.runs)
    .filter(([, r]) => r.done)
    .map(([k]) => k)
    .join(",");
  useEffect(() => {
    if (!ranKey) return;
    const ran = ranKey.split(",").map((k) => Number(k.split(":")[0]));
    setFocusShown((now) => {
      const next = { ...now };
      for (const n of ran) next[n] = true;
      return next;
    });
  }, [ranKey]);

  const act = useCallback(
    (n: number, action: "run" | "check" | "solution") => {
      if (canOperate) runs.start(n, action);
    },
    [canOperate, runs.start],
  );
  const reset = useCallback(() => {
    setResetting(true);
    setResetError(null);
    resetLab(id, engine)
      .then((r) => {
        setResetResult(r);
        runs.clear();
        setFocusShown({});
      })
      .catch((err) => setResetError(toApiError(err).body))
      .finally(() => setResetting(false));
  }, [id, engine, runs.clear]);

  const current = lab?.steps[step - 1];
  const check = runs.checks[step] ?? null;
  const focus = current && focusShown[step] ? current.focus : [];
  const labEngines = lab?.needs === "swarm" ? [] : [engine ?? engines[0]?.id ?? ""].filter(Boolean);

  const published = usePublishClass(
    presenting && canOperate && !!lab,
    {
      lab: lab?.id ?? null,
      step: lab ? step : null,
      selection,
      pointer,
      focus: focus.length > 0,
      layout,
      check: check ? shownCheck(check) : null,
    },
    canvasRef,
  );

  // The keys: P enters presenter mode; in it → n next, ← p back, r run, c check, R reset, f fit, Escape leaves.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (typing(event) || event.ctrlKey || event.metaKey || event.altKey) return;
      const key = event.key;
      if (!presenting) {
        if (key === "P" || key === "p") {
          setPresenting(true);
          event.preventDefault();
        }
        return;
      }
      if (key === "ArrowRight" || key === "n") setStep(step + 1);
      else if (key === "ArrowLeft" || key === "p") setStep(step - 1);
      else if (key === "r") act(step, "run");
      else if (key === "R") {
        // Reset removes what the lab made: asked once more, then the class starts again from step 1.
        if (
          !canOperate ||
          !window.confirm(`Reset the lab? Everything labelled netatlas.lab=${id} is removed.`)
        )
          return;
        reset();
        setStep(1);
      } else if (key === "c") act(step, "check");
      else if (key === "f") {
        const cy = canvasRef.current?.core();
        if (cy) fitInto(cy, null);
      } else if (key === "Escape") setPresenting(false);
      else return;
      event.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [presenting, step, setStep, act, canOperate, id, reset]);

  const toggleFocus = useCallback(() => setFocusShown((now) => ({ ...now, [step]: !now[step] })), [step]);
  const onPointer = useCallback((id: string | null) => setPointer(id), []);
  const classLink = typeof window === "undefined" ? "/class" : `${window.location.origin}/class`;

  // Made again each render: the map keys its own work on the focus names, not on this object.
  const driver: MapDriver | null = lab
    ? {
        focus,
        engines: labEngines,
        pointer: presenting ? pointer : null,
        onPointer: presenting ? onPointer : undefined,
        onSelectedChange: setSelection,
        onLayoutChange: setLayout,
        presenting,
        canvasRef,
        overlay: presenting ? (
          <PresenterOverlay
            lab={lab}
            step={step}
            run={runs.runs[runKey(step, "run")]}
            check={check}
            classLink={canOperate ? classLink : null}
            followers={published.followers}
            publishError={published.error}
            onRun={canOperate ? () => act(step, "run") : null}
            onCheck={canOperate ? () => act(step, "check") : null}
            running={runs.running !== null}
            onBack={() => setStep(step - 1)}
            onNext={() => setStep(step + 1)}
            onLeave={() => setPresenting(false)}
          />
        ) : null,
        panel: (
          <LabPanel
            lab={lab}
            step={step}
            onStep={setStep}
            runs={runs.runs}
            check={check}
            focusShown={!!focusShown[step]}
            onToggleFocus={toggleFocus}
            actions={
              canOperate
                ? { run: act, running: runs.running, reset, resetting, resetResult, resetError }
                : null
            }
            header={
              <div className="flex flex-wrap items-center gap-2 pt-1">
                <button
                  type="button"
                  onClick={() => setPresenting(true)}
                  title="Presenter mode (P)"
                  className="rounded border border-slate-800 bg-white px-2 py-0.5 text-xs font-medium hover:bg-slate-100"
                >
                  Present (P)
                </button>
                {canOperate && lab.needs === "one-engine" && engines.length > 1 ? (
                  <label className="flex items-center gap-1 text-xs">
                    Engine
                    <select
                      value={engine ?? engines[0]?.id}
                      onChange={(e) => setEngine(e.target.value)}
                      className="rounded border border-slate-300 bg-white px-1 py-0.5 text-xs"
                    >
                      {engines.map((e) => (
                        <option key={e.id} value={e.id}>
                          {e.id}
                        </option>
                      ))}
                    </select>
                  </label>
                ) : null}
              </div>
            }
          />
        ),
      }
    : null;

  if (loadError) return <ErrorScreen error={loadError} />;
  if (!lab || !driver) return <p className="p-4 text-sm">Loading the lab…</p>;
  return (
    <div className={presenting ? "fixed inset-0 z-50 bg-white" : "h-full"} data-presenting={presenting}>
      <TopologyView
        initial={initial}
        initialError={initialError}
        canOperate={canOperate}
        tierLabel={tierLabel}
        driver={driver}
      />
    </div>
  );
}

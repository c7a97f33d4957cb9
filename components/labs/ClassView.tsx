"use client";
// /class, the class link: the same map and lab panel as the presenter's, following their lab, step, selection,
// pointer, layout and view as they change (applied within a frame). Read-only while following: no Run, Reset or
// change buttons for anyone. "Detach" stops following (the page stays where it is, to explore); "Re-join" goes
// back to where the presenter is now.
import { useCallback, useEffect, useRef, useState } from "react";
import type { ClassMessage } from "@/lib/api/class";
import type { LabDto } from "@/lib/api/labs";
import type { ApiErrorDetail, TopologyDto } from "@/lib/api/types";
import { toApiError } from "@/lib/client/api";
import { getLab } from "@/lib/client/labs";
import type { CanvasHandle } from "../graph/TopologyCanvas";
import { type MapDriver, TopologyView } from "../TopologyView";
import { applyPositions, applyViewport, positionsDiffer } from "./canvas-class";
import { LabPanel } from "./LabPanel";
import { useFollowClass } from "./use-class";

interface Props {
  initial: TopologyDto | null;
  initialError: ApiErrorDetail | null;
  /** Change buttons on the map once detached (operators); never while following. */
  canOperate: boolean;
  tierLabel: string;
}

/** While following, the presenter's view is put back this often if something else moved it (a focus animation). */
const REAPPLY_MS = 400;

export function ClassView({ initial, initialError, canOperate, tierLabel }: Props) {
  const { message, connection } = useFollowClass();
  /** Set while detached: the presenter's state when this page stopped following. */
  const [detachedAt, setDetachedAt] = useState<ClassMessage | null>(null);
  const [ownStep, setOwnStep] = useState(1);
  const following = detachedAt === null;
  const shown = detachedAt ?? message;
  const state = shown?.state ?? null;
  const canvasRef = useRef<CanvasHandle>(null);

  // The lab the presenter is on (read once per lab).
  const [lab, setLab] = useState<LabDto | null>(null);
  const [labError, setLabError] = useState<ApiErrorDetail | null>(null);
  const labId = state?.lab ?? null;
  useEffect(() => {
    setLab(null);
    setLabError(null);
    if (!labId) return;
    getLab(labId)
      .then(setLab)
      .catch((err) => setLabError(toApiError(err).body));
  }, [labId]);

  // The presenter's picture: positions and view, in the next frame and again whenever something moved it.
  const latest = useRef<ClassMessage | null>(null);
  latest.current = following ? message : null;
  const apply = useCallback(() => {
    const m = latest.current;
    const cy = canvasRef.current?.core();
    if (!m || !cy) return;
    // Positions again whenever this canvas moved its nodes itself (its own layout ran, new nodes were placed).
    if (m.state.positions && positionsDiffer(cy, m.state.positions)) applyPositions(cy, m.state.positions);
    if (m.state.viewport) applyViewport(cy, m.state.viewport);
  }, []);
  useEffect(() => {
    if (!following || !message) return;
    const frame = requestAnimationFrame(apply);
    return () => cancelAnimationFrame(frame);
  }, [following, message, apply]);
  useEffect(() => {
    if (!following) return;
    const timer = setInterval(() => {
      const cy = canvasRef.current?.core();
      if (cy && !cy.animated()) apply();
    }, REAPPLY_MS);
    return () => clearInterval(timer);
  }, [following, apply]);

  const detach = () => {
    setOwnStep(message?.state.step ?? 1);
    setDetachedAt(message);
  };
  const rejoin = () => setDetachedAt(null);
  const step = following ? (state?.step ?? 1) : ownStep;
  const current = lab?.steps[step - 1];
  const focus = current && state?.focus && (following || step === state.step) ? current.focus : [];

  const header = (
    <div className="space-y-1 pt-1 text-sm" aria-label="Follow-along" role="status">
      <p data-following={following}>
        {following
          ? message
            ? `Following ${message.presenter}.`
            : "Waiting for a presenter: this page follows whoever presents a lab (Present, or P, on a lab page)."
          : `Detached: ${message?.presenter ?? "the presenter"} goes on without you.`}
        {connection === "reconnecting" ? " (Reconnecting…)" : ""}
      </p>
      {following ? (
        <button
          type="button"
          onClick={detach}
          disabled={!message}
          className="rounded border border-slate-800 bg-white px-2 py-0.5 text-xs font-medium hover:bg-slate-100 disabled:opacity-50"
        >
          Detach
        </button>
      ) : (
        <button
          type="button"
          onClick={rejoin}
          className="rounded border border-slate-800 bg-slate-800 px-2 py-0.5 text-xs font-medium text-white hover:bg-slate-700"
        >
          Re-join
        </button>
      )}
    </div>
  );

  const driver: MapDriver = {
    focus,
    pointer: state?.pointer ?? null,
    // While following: the presenter's selection and layout; detached: this page's own.
    selectedId: following ? (state?.selection ?? null) : undefined,
    layout: following ? (state?.layout ?? null) : null,
    readOnly: following || !canOperate,
    canvasRef,
    panel: (
      <div>
        {lab ? (
          <LabPanel
            lab={lab}
            step={step}
            onStep={(n) => {
              // Looking at another step is exploring: it detaches.
              if (following) {
                setDetachedAt(message);
              }
              setOwnStep(Math.min(lab.steps.length, Math.max(1, n)));
            }}
            runs={{}}
            check={following || step === state?.step ? (state?.check ?? null) : null}
            focusShown={focus.length > 0}
            actions={null}
            header={header}
          />
        ) : (
          <div className="p-3">
            <h1 className="text-base font-semibold">Class</h1>
            {header}
            {labError ? (
              <p role="alert" className="mt-2 text-sm text-rose-800">
                {labError.message}
              </p>
            ) : labId ? (
              <p className="mt-2 text-sm">Loading the lab…</p>
            ) : null}
          </div>
        )}
      </div>
    ),
  };

  return (
    <div className="h-full" data-class-view data-seq={message?.seq ?? 0}>
      <TopologyView
        initial={initial}
        initialError={initialError}
        canOperate={canOperate && !following}
        tierLabel={tierLabel}
        driver={driver}
      />
    </div>
  );
}

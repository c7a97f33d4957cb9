"use client";
// The runs of one lab in this page: each step's "Run step", "Check" and "Run the fix", streamed into state as
// their LabEvent lines arrive (the command as it starts, its output, how it ended, the check, done). One action
// at a time per page (the server allows one per lab and engine anyway: 409 "busy").
import { useCallback, useEffect, useRef, useState } from "react";
import type { LabCheckResult, LabEvent } from "@/lib/api/labs";
import type { ApiErrorDetail } from "@/lib/api/types";
import { toApiError } from "@/lib/client/api";
import { type LabAction, runLabAction } from "@/lib/client/labs";

export interface CommandRun {
  index: number;
  line: string;
  engine: string;
  output: string[];
  exitCode: number | null;
  ok: boolean | null;
  note: string | null;
}

export interface ActionRun {
  action: LabAction;
  running: boolean;
  commands: CommandRun[];
  check: LabCheckResult | null;
  done: { ok: boolean; ms: number } | null;
  error: ApiErrorDetail | null;
}

/** Output lines kept per command on screen (the server caps each command's output too). */
const MAX_LINES = 300;

export const runKey = (step: number, action: LabAction) => `${step}:${action}`;

function applyEvent(run: ActionRun, e: LabEvent): ActionRun {
  switch (e.type) {
    case "command":
      return {
        ...run,
        commands: [
          ...run.commands.filter((c) => c.index !== e.index),
          {
            index: e.index,
            line: e.line,
            engine: e.engine,
            output: [],
            exitCode: null,
            ok: null,
            note: null,
          },
        ],
      };
    case "output":
      return {
        ...run,
        commands: run.commands.map((c) =>
          c.index === e.index ? { ...c, output: [...c.output, ...e.text.split("\n")].slice(-MAX_LINES) } : c,
        ),
      };
    case "command-done":
      return {
        ...run,
        commands: run.commands.map((c) =>
          c.index === e.index ? { ...c, exitCode: e.exitCode, ok: e.ok, note: e.note } : c,
        ),
      };
    case "check":
      return { ...run, check: e.result };
    case "done":
      return { ...run, done: { ok: e.ok, ms: e.ms } };
    case "error":
      return { ...run, error: e.error };
  }
}

export function useLabRuns(labId: string, engine: string | null) {
  const [runs, setRuns] = useState<Record<string, ActionRun>>({});
  const [running, setRunning] = useState<string | null>(null);
  /** Each step's latest check result, whichever action gave it (run, check alone, or the fix). */
  const [checks, setChecks] = useState<Record<number, LabCheckResult>>({});
  const abort = useRef<AbortController | null>(null);

  const start = useCallback(
    (step: number, action: LabAction) => {
      if (abort.current) return;
      const controller = new AbortController();
      abort.current = controller;
      const key = runKey(step, action);
      setRunning(key);
      const update = (change: (run: ActionRun) => ActionRun) =>
        setRuns((all) => ({ ...all, [key]: change(all[key] as ActionRun) }));
      setRuns((all) => ({
        ...all,
        [key]: { action, running: true, commands: [], check: null, done: null, error: null },
      }));
      const onEvent = (e: LabEvent) => {
        update((run) => applyEvent(run, e));
        if (e.type === "check") setChecks((all) => ({ ...all, [step]: e.result }));
      };
      runLabAction(labId, step, action, engine, onEvent, controller.signal)
        .catch((err) => {
          if (!controller.signal.aborted) update((run) => ({ ...run, error: toApiError(err).body }));
        })
        .finally(() => {
          if (abort.current === controller) abort.current = null;
          setRunning(null);
          update((run) => ({ ...run, running: false }));
        });
    },
    [labId, engine],
  );

  /** After Reset: what ran no longer stands on the engine. */
  const clear = useCallback(() => {
    setRuns({});
    setChecks({});
  }, []);

  useEffect(() => () => abort.current?.abort(), []);
  return { runs, checks, running, start, clear };
}

"use client";
// One probe's life in a component: run it, stream its events into state, stop it (the server stops the
// process when the request is aborted). Shared by the probe form and "Check with a probe".
import { useCallback, useEffect, useRef, useState } from "react";
import type { ProbeEvent, ProbeRequest } from "@/lib/api/probes";
import type { ApiErrorDetail } from "@/lib/api/types";
import { toApiError } from "@/lib/client/api";
import { runProbe } from "@/lib/client/probe";

export type ProbeStart = Extract<ProbeEvent, { type: "start" }>;
export type ProbeOutcome = Extract<ProbeEvent, { type: "result" }>;

export interface ProbeState {
  running: boolean;
  start: ProbeStart | null;
  lines: string[];
  result: ProbeOutcome | null;
  error: ApiErrorDetail | null;
}

const IDLE: ProbeState = { running: false, start: null, lines: [], result: null, error: null };
/** Lines kept on screen (the server caps the output too). */
const MAX_LINES = 400;

export function useProbe(): { state: ProbeState; run: (probe: ProbeRequest) => void; stop: () => void } {
  const [state, setState] = useState<ProbeState>(IDLE);
  const abort = useRef<AbortController | null>(null);

  const stop = useCallback(() => {
    abort.current?.abort();
    abort.current = null;
    setState((s) => ({ ...s, running: false }));
  }, []);

  const run = useCallback((probe: ProbeRequest) => {
    abort.current?.abort();
    const controller = new AbortController();
    abort.current = controller;
    setState({ ...IDLE, running: true });
    const onEvent = (e: ProbeEvent) =>
      setState((s) => {
        if (e.type === "start") return { ...s, start: e };
        if (e.type === "line") return { ...s, lines: [...s.lines, e.text].slice(-MAX_LINES) };
        if (e.type === "result") return { ...s, result: e };
        return { ...s, error: e.error };
      });
    runProbe(probe, onEvent, controller.signal)
      .catch((err) => {
        if (controller.signal.aborted) return;
        setState((s) => ({ ...s, error: toApiError(err).body }));
      })
      .finally(() => {
        if (abort.current === controller) abort.current = null;
        setState((s) => ({ ...s, running: false }));
      });
  }, []);

  useEffect(() => () => abort.current?.abort(), []);
  return { state, run, stop };
}

"use client";
// The map page: the canvas, its toolbar and legend, the details of the selected element and the accessible list.
// Data arrives from the server render, then from GET /api/topology on refresh.
import { useCallback, useMemo, useRef, useState } from "react";
import type { ApiErrorDetail, TopologyDto } from "@/lib/api/types";
import { ApiRequestError, getJson } from "@/lib/client/api";
import { buildTopology } from "@/lib/topology/build";
import { toElements } from "@/lib/topology/elements";
import { toGraph } from "@/lib/topology/graph";
import { DetailsPanel } from "./DetailsPanel";
import { ErrorScreen } from "./ErrorScreen";
import { GraphTwin } from "./GraphTwin";
import { Legend } from "./graph/Legend";
import { type CanvasHandle, TopologyCanvas } from "./graph/TopologyCanvas";

interface Props {
  initial: TopologyDto | null;
  initialError: ApiErrorDetail | null;
}

export function TopologyView({ initial, initialError }: Props) {
  const [topology, setTopology] = useState(initial);
  const [error, setError] = useState(initialError);
  const [loading, setLoading] = useState(false);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const canvas = useRef<CanvasHandle>(null);

  const model = useMemo(() => (topology ? buildTopology(topology) : null), [topology]);
  const graph = useMemo(() => (model ? toGraph(model) : null), [model]);
  const elements = useMemo(() => (graph ? toElements(graph) : []), [graph]);

  const refresh = useCallback(async () => {
    setLoading(true);
    try {
      setTopology(await getJson<TopologyDto>("/api/topology"));
      setError(null);
    } catch (err) {
      setError(
        err instanceof ApiRequestError
          ? err.error
          : { code: "engine_error", message: String(err), detail: null },
      );
    } finally {
      setLoading(false);
    }
  }, []);

  const aside = useRef<HTMLElement>(null);
  // Selected on the canvas: the panel shows it (scrolled into view); the view stays where the user put it.
  const selectOnCanvas = useCallback((id: string | null) => {
    setSelectedId(id);
    aside.current?.scrollTo({ top: 0 });
  }, []);
  // Selected in the list: also bring it to the middle of the canvas.
  const selectInList = useCallback((id: string) => {
    setSelectedId(id);
    canvas.current?.focus(id);
  }, []);

  if (error && !model) {
    return (
      <div className="p-4">
        <ErrorScreen error={error} />
        <div className="mt-4 text-center">
          <button
            type="button"
            onClick={refresh}
            className="rounded bg-slate-900 px-3 py-1.5 text-sm text-white"
          >
            {loading ? "Trying…" : "Try again"}
          </button>
        </div>
      </div>
    );
  }
  if (!model || !graph) return <p className="p-4 text-sm">Loading the map…</p>;

  const down = model.engines.filter((e) => e.status !== "up");
  const empty = model.containers.length === 0;

  return (
    <div className="flex h-full">
      <div className="relative min-w-0 flex-1">
        <TopologyCanvas ref={canvas} elements={elements} selectedId={selectedId} onSelect={selectOnCanvas} />
        <div className="absolute left-3 top-3 flex gap-1" role="toolbar" aria-label="Map tools">
          {[
            ["Fit", () => canvas.current?.fit()],
            ["Zoom in", () => canvas.current?.zoom(1.25)],
            ["Zoom out", () => canvas.current?.zoom(0.8)],
            ["Re-layout", () => canvas.current?.relayout()],
            [loading ? "Refreshing…" : "Refresh", refresh],
          ].map(([label, action]) => (
            <button
              key={label as string}
              type="button"
              onClick={action as () => void}
              className="rounded border border-slate-300 bg-white px-2 py-1 text-xs shadow-sm hover:bg-slate-100"
            >
              {label as string}
            </button>
          ))}
        </div>
        {error ? (
          <p
            role="alert"
            className="absolute right-3 top-3 max-w-md rounded bg-red-50 p-2 text-xs text-red-700"
          >
            Refresh failed: {error.message}
          </p>
        ) : null}
        {down.length ? (
          <p
            role="alert"
            className="absolute right-3 top-12 max-w-md rounded bg-amber-50 p-2 text-xs text-amber-800"
          >
            {down.map((e) => `Engine ${e.id} is unreachable: ${e.error?.message ?? ""}`).join(" ")}
          </p>
        ) : null}
        {empty ? (
          <div className="pointer-events-none absolute inset-x-0 top-16 mx-auto w-fit rounded bg-white/90 p-3 text-sm shadow">
            No containers on {model.engines.length > 1 ? "these engines" : "this engine"} yet. Try{" "}
            <code className="font-mono">
              docker network create demo && docker run -d --network demo IMAGE
            </code>
            , then Refresh.
          </div>
        ) : null}
        <Legend />
      </div>
      <aside ref={aside} className="w-[26rem] shrink-0 overflow-y-auto border-l border-slate-200 bg-white">
        {selectedId ? <DetailsPanel model={model} selectedId={selectedId} /> : null}
        <GraphTwin graph={graph} selectedId={selectedId} onSelect={selectInList} />
      </aside>
    </div>
  );
}

"use client";
// The map of a snapshot: the live map's pipeline (buildTopology → toGraph → toElements, done by the caller's
// model) drawn by the same TopologyCanvas, with its accessible list, read-only: no drag to connect, no context
// menu, no live stream. Positions are kept under a view of their own, so a snapshot never moves the live map's.
import { useMemo, useRef, useState } from "react";
import type { Snapshot } from "@/lib/snapshot/format";
import { aggregateGraph } from "@/lib/topology/aggregate";
import { toElements } from "@/lib/topology/elements";
import { toGraph } from "@/lib/topology/graph";
import type { TopologyModel } from "@/lib/topology/model";
import { GraphTwin } from "../GraphTwin";
import { CanvasButtons } from "../graph/CanvasButtons";
import { Legend } from "../graph/Legend";
import { type CanvasHandle, TopologyCanvas } from "../graph/TopologyCanvas";
import { ExportMenu } from "./ExportMenu";

interface Props {
  snapshot: Snapshot;
  model: TopologyModel;
}

export function SnapshotMap({ snapshot, model }: Props) {
  const canvas = useRef<CanvasHandle>(null);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  /** Groups opened with a double click, as on the live map. */
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set());
  // As the live map draws it: containers that belong together as one group when there are many.
  const graph = useMemo(
    () => aggregateGraph(toGraph(model), model, "auto", expanded).graph,
    [model, expanded],
  );
  const elements = useMemo(() => toElements(graph), [graph]);
  const selected = selectedId
    ? (graph.nodes.find((n) => n.id === selectedId) ?? graph.edges.find((e) => e.id === selectedId))
    : null;
  return (
    <div className="flex h-full min-h-0">
      <div className="relative min-w-0 flex-1">
        <TopologyCanvas
          ref={canvas}
          elements={elements}
          layout="fcose"
          view="snapshot"
          selectedId={selectedId}
          onSelect={setSelectedId}
          regrouped={[...expanded].sort().join(",")}
          onToggleGroup={(id) => {
            if (!id.startsWith("group:")) return;
            setExpanded((now) => {
              const next = new Set(now);
              if (next.has(id)) next.delete(id);
              else next.add(id);
              return next;
            });
          }}
        />
        <div
          className="absolute left-3 top-3 flex items-center gap-1"
          role="toolbar"
          aria-label="Map tools"
          data-map-overlay="top"
        >
          <CanvasButtons canvas={canvas} />
          <ExportMenu
            core={() => canvas.current?.core() ?? null}
            fileBase="netatlas-snapshot-map"
            snapshot={snapshot}
          />
        </div>
        <Legend tiered={false} tierLabel={snapshot.settings.tierLabel} />
      </div>
      <aside className="flex min-h-0 w-[24rem] shrink-0 flex-col overflow-hidden border-l border-slate-200 bg-white">
        {selected ? (
          <section aria-label="Details" className="shrink-0 border-b border-slate-200 p-3 text-sm">
            <h2 className="font-semibold">{selected.label || selected.id}</h2>
            <p className="mt-1 text-slate-700">{selected.description}</p>
          </section>
        ) : null}
        <div className="min-h-0 flex-1 overflow-y-auto">
          <GraphTwin
            graph={graph}
            selectedId={selectedId}
            onSelect={(id) => {
              setSelectedId(id);
              canvas.current?.focus(id);
            }}
          />
        </div>
      </aside>
    </div>
  );
}

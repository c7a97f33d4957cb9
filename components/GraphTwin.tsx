// The accessible twin of the map: every node and edge as a list item in plain words, selectable by keyboard.
// Screen readers, keyboard users and the e2e tests read the map through it.
import type { Graph } from "@/lib/topology/model";

interface Props {
  graph: Graph;
  selectedId: string | null;
  onSelect(id: string): void;
}

export function GraphTwin({ graph, selectedId, onSelect }: Props) {
  const { edges } = graph;
  const item = (id: string, kind: string, text: string, parent?: string | null) => (
    <li key={id} data-element-id={id} data-kind={kind} data-parent={parent ?? undefined}>
      <button
        type="button"
        onClick={() => onSelect(id)}
        aria-current={selectedId === id ? "true" : undefined}
        className={`w-full rounded px-1 py-0.5 text-left text-xs hover:bg-slate-100 ${selectedId === id ? "bg-amber-100" : ""}`}
      >
        {text}
      </button>
    </li>
  );
  return (
    <section aria-label="Map elements" className="p-3">
      <h2 className="mb-1 text-sm font-semibold">Nodes ({graph.nodes.length})</h2>
      <ul aria-label="Map nodes" className="mb-3 space-y-0.5">
        {graph.nodes.map((n) => item(n.id, n.kind, n.description, n.parent))}
      </ul>
      <h2 className="mb-1 text-sm font-semibold">Connections ({edges.length})</h2>
      <ul aria-label="Map connections" className="space-y-0.5">
        {edges.map((e) => item(e.id, e.kind, e.description))}
      </ul>
    </section>
  );
}

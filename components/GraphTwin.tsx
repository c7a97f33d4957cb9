// The accessible twin of the map: every node and edge as a list item in plain words, selectable by keyboard.
// Screen readers, keyboard users and the e2e tests read the map through it.
import { formatRate } from "@/lib/client/traffic";
import type { Graph } from "@/lib/topology/model";
import type { Highlight } from "./graph/TopologyCanvas";

interface Props {
  graph: Graph;
  selectedId: string | null;
  onSelect(id: string): void;
  /** What the map highlights (a reach path, search hits, a finding's elements), said in the list too. */
  highlight?: Highlight | null;
  /** With the Traffic switch on: each drawn edge's bytes per second, said after its words. */
  traffic?: ReadonlyMap<string, number> | null;
}

const HIGHLIGHT_WORDS = { ok: "on the path", broken: "on the path, which breaks", focus: "highlighted" };

export function GraphTwin({ graph, selectedId, onSelect, highlight = null, traffic = null }: Props) {
  const { edges } = graph;
  const lit = new Set(highlight?.ids ?? []);
  const item = (id: string, kind: string, text: string, parent?: string | null) => (
    <li
      key={id}
      data-traffic={traffic?.get(id) ? Math.round(traffic.get(id) ?? 0) : undefined}
      data-element-id={id}
      data-kind={kind}
      data-parent={parent ?? undefined}
      data-highlight={highlight && lit.has(id) ? highlight.tone : undefined}
    >
      <button
        type="button"
        onClick={() => onSelect(id)}
        aria-current={selectedId === id ? "true" : undefined}
        aria-description={highlight && lit.has(id) ? HIGHLIGHT_WORDS[highlight.tone] : undefined}
        className={`w-full rounded px-1 py-0.5 text-left text-xs hover:bg-slate-100 ${selectedId === id ? "bg-amber-100" : ""} ${highlight && lit.has(id) ? (highlight.tone === "broken" ? "border-l-2 border-rose-700 font-medium" : "border-l-2 border-slate-900 font-medium") : ""}`}
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
        {edges.map((e) =>
          item(
            e.id,
            e.kind,
            traffic?.get(e.id) ? `${e.description}: ${formatRate(traffic.get(e.id) ?? 0)}` : e.description,
          ),
        )}
      </ul>
    </section>
  );
}

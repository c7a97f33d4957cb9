// toElements: the graph as Cytoscape element JSON, keyed by stable ids so the canvas can update in place.
import type { Graph } from "./model";

/** The subset of Cytoscape's ElementDefinition we produce; plain data, no cytoscape import needed. */
export interface ElementJson {
  group: "nodes" | "edges";
  data: {
    id: string;
    label: string;
    sublabel?: string;
    kind: string;
    engine: string;
    ref?: string;
    parent?: string;
    source?: string;
    target?: string;
  };
  classes: string;
}

export function toElements(graph: Graph): ElementJson[] {
  return [
    ...graph.nodes.map(
      (n): ElementJson => ({
        group: "nodes",
        data: {
          id: n.id,
          label: n.label,
          sublabel: n.sublabel,
          kind: n.kind,
          engine: n.engine,
          ref: n.ref,
          ...(n.parent ? { parent: n.parent } : {}),
        },
        classes: n.classes.join(" "),
      }),
    ),
    ...graph.edges.map(
      (e): ElementJson => ({
        group: "edges",
        data: {
          id: e.id,
          label: e.label,
          kind: e.kind,
          engine: e.engine,
          source: e.source,
          target: e.target,
        },
        classes: e.classes.join(" "),
      }),
    ),
  ];
}

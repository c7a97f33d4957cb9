// Reads what the canvas draws into the plain scene lib/snapshot/svg.ts writes: each visible node's position, size,
// shape, computed colours and label as drawn (with its second line), each edge's ends, bend and label. Cytoscape
// has already resolved the theme's stylesheet, so the SVG has the colours on screen.
import type { Core, EdgeSingular, NodeSingular } from "cytoscape";
import type { Scene, SceneEdge, SceneNode } from "@/lib/snapshot/svg";

const px = (v: unknown, fallback = 0) => {
  const parsed = Number.parseFloat(String(v ?? ""));
  return Number.isFinite(parsed) ? parsed : fallback;
};

/** The label as the stylesheet computes it (data(label), or a function adding the sublabel). */
function labelOf(el: NodeSingular | EdgeSingular): string {
  const style = String(el.style("label") ?? "");
  return style || String(el.data("label") ?? "");
}

function nodeOf(node: NodeSingular): SceneNode {
  const compound = node.isParent();
  const box = node.boundingBox({ includeLabels: false, includeOverlays: false } as never);
  const border = px(node.style("border-width"));
  const valign = String(node.style("text-valign"));
  return {
    id: node.id(),
    x: compound ? (box.x1 + box.x2) / 2 : node.position().x,
    y: compound ? (box.y1 + box.y2) / 2 : node.position().y,
    width: compound ? box.w - border : node.width(),
    height: compound ? box.h - border : node.height(),
    shape: String(node.style("shape")),
    fill: String(node.style("background-color")),
    fillOpacity: px(node.style("background-opacity"), 1),
    stroke: border > 0 ? String(node.style("border-color")) : "none",
    strokeWidth: border,
    label: labelOf(node),
    labelColor: String(node.style("color")),
    fontSize: px(node.style("font-size"), 11),
    maxWidth: String(node.style("text-wrap")) === "wrap" ? px(node.style("text-max-width")) || null : null,
    valign: valign === "top" || valign === "center" ? valign : "bottom",
    compound,
    opacity: px(node.style("opacity"), 1),
  };
}

function edgeOf(edge: EdgeSingular): SceneEdge {
  const controls = (edge.controlPoints?.() ?? []) as Array<{ x: number; y: number }>;
  const segments = (edge.segmentPoints?.() ?? []) as Array<{ x: number; y: number }>;
  const style = String(edge.style("line-style"));
  return {
    id: edge.id(),
    points: [edge.sourceEndpoint(), ...segments, edge.targetEndpoint()],
    control: controls.length === 1 ? (controls[0] ?? null) : null,
    color: String(edge.style("line-color")),
    width: px(edge.style("width"), 1),
    dashed: style === "dashed" || style === "dotted",
    arrow: String(edge.style("target-arrow-shape")) !== "none",
    label: labelOf(edge),
    labelColor: String(edge.style("color")),
    fontSize: px(edge.style("font-size"), 9),
    opacity: px(edge.style("opacity"), 1),
  };
}

/** Parents before their children (an engine box before the boxes inside it), so inner boxes are drawn on top. */
function depth(node: NodeSingular): number {
  return node.ancestors().length;
}

export function sceneOf(cy: Core, background: string): Scene {
  const nodes = cy
    .nodes()
    .filter((node) => node.visible())
    .toArray() as NodeSingular[];
  nodes.sort((a, b) => depth(a) - depth(b));
  const edges = cy
    .edges()
    .filter((edge) => edge.visible())
    .toArray() as EdgeSingular[];
  const box = cy
    .elements()
    .filter((el) => el.visible())
    .boundingBox({});
  return {
    nodes: nodes.map(nodeOf),
    edges: edges.map(edgeOf),
    background,
    box: { x1: box.x1, y1: box.y1, x2: box.x2, y2: box.y2 },
  };
}

// The map as SVG: a scene read from the canvas (components/snapshot/export-scene.ts reads Cytoscape's positions,
// sizes, shapes and computed colours) written as plain SVG a browser, an editor or a document can take: boxes
// first, then edges, then nodes, each label as <text> with the element's name. Every text is escaped. Pure.

export interface SceneNode {
  id: string;
  /** Centre and size in model coordinates. */
  x: number;
  y: number;
  width: number;
  height: number;
  /** Cytoscape's shape name: rectangle, round-rectangle, ellipse, diamond, hexagon… */
  shape: string;
  fill: string;
  fillOpacity: number;
  stroke: string;
  strokeWidth: number;
  /** The label as drawn, lines split by "\n"; empty for none. */
  label: string;
  labelColor: string;
  fontSize: number;
  /** The canvas wraps labels wider than this at spaces (text-max-width); null: no wrapping. */
  maxWidth?: number | null;
  /** Where the label sits: above (box titles), on, or below the shape. */
  valign: "top" | "center" | "bottom";
  /** A box holding others (an engine, a tier band): drawn below everything. */
  compound: boolean;
  opacity: number;
}

export interface SceneEdge {
  id: string;
  /** From the source's border to the target's, through any bend points. */
  points: Array<{ x: number; y: number }>;
  /** A curved edge (parallel edges between two nodes): its quadratic control point between the two ends. */
  control?: { x: number; y: number } | null;
  color: string;
  width: number;
  dashed: boolean;
  arrow: boolean;
  label: string;
  labelColor: string;
  fontSize: number;
  opacity: number;
}

export interface Scene {
  nodes: SceneNode[];
  edges: SceneEdge[];
  background: string;
  /** The picture's extent in model coordinates. */
  box: { x1: number; y1: number; x2: number; y2: number };
}

/** Text as it may stand in SVG content or an attribute value. */
export function escapeXml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;")
    .replace(/\p{Cc}/gu, (c) => (c === "\t" || c === "\n" || c === "\r" ? c : ""));
}

const n = (v: number) => (Number.isFinite(v) ? Number(v.toFixed(2)) : 0);
const attr = (v: string) => escapeXml(v);

/** Points of a regular polygon of `sides` inside the node's box, the first one at the top. */
function polygon(node: SceneNode, sides: number, rotate = 0): string {
  const points: string[] = [];
  for (let i = 0; i < sides; i++) {
    const a = -Math.PI / 2 + rotate + (2 * Math.PI * i) / sides;
    points.push(
      `${n(node.x + (node.width / 2) * Math.cos(a))},${n(node.y + (node.height / 2) * Math.sin(a))}`,
    );
  }
  return points.join(" ");
}

function shapeOf(node: SceneNode): string {
  const paint = `fill="${attr(node.fill)}" fill-opacity="${n(node.fillOpacity)}" stroke="${attr(node.stroke)}" stroke-width="${n(node.strokeWidth)}"`;
  const left = n(node.x - node.width / 2);
  const top = n(node.y - node.height / 2);
  const box = `x="${left}" y="${top}" width="${n(node.width)}" height="${n(node.height)}"`;
  switch (node.shape) {
    case "ellipse":
      return `<ellipse cx="${n(node.x)}" cy="${n(node.y)}" rx="${n(node.width / 2)}" ry="${n(node.height / 2)}" ${paint}/>`;
    case "rectangle":
      return `<rect ${box} ${paint}/>`;
    case "diamond":
      return `<polygon points="${polygon(node, 4)}" ${paint}/>`;
    case "pentagon":
      return `<polygon points="${polygon(node, 5)}" ${paint}/>`;
    case "hexagon":
      return `<polygon points="${polygon(node, 6, Math.PI / 6)}" ${paint}/>`;
    case "octagon":
      return `<polygon points="${polygon(node, 8, Math.PI / 8)}" ${paint}/>`;
    default: {
      // round-rectangle, barrel, tags and the rest: a rounded box is close enough and keeps the size.
      const r = n(Math.min(8, node.width / 4, node.height / 4));
      return `<rect ${box} rx="${r}" ry="${r}" ${paint}/>`;
    }
  }
}

function textLines(
  lines: string[],
  x: number,
  y: number,
  size: number,
  color: string,
  anchorTop: boolean,
): string {
  const lineHeight = size * 1.2;
  // Lines grow down from a label below the shape, up from one above it.
  const first = anchorTop ? y : y - (lines.length - 1) * lineHeight;
  const spans = lines
    .map((line, i) => `<tspan x="${n(x)}" y="${n(first + i * lineHeight)}">${escapeXml(line)}</tspan>`)
    .join("");
  return `<text font-family="system-ui, sans-serif" font-size="${n(size)}" fill="${attr(color)}" text-anchor="middle">${spans}</text>`;
}

/** Roughly what the canvas does: lines wider than `max` (at ~0.52 em a character) broken at spaces. */
export function wrapLines(label: string, fontSize: number, max: number | null | undefined): string[] {
  const lines = label.split("\n");
  if (!max) return lines;
  const fits = Math.max(4, Math.floor(max / (fontSize * 0.52)));
  return lines.flatMap((line) => {
    const out: string[] = [];
    let current = "";
    for (const word of line.split(" ")) {
      const next = current ? `${current} ${word}` : word;
      if (next.length > fits && current) {
        out.push(current);
        current = word;
      } else current = next;
    }
    out.push(current);
    return out;
  });
}

function nodeLabel(node: SceneNode): string {
  if (!node.label) return "";
  const lines = wrapLines(node.label, node.fontSize, node.maxWidth);
  const gap = 4;
  if (node.valign === "top")
    return textLines(lines, node.x, node.y - node.height / 2 - gap, node.fontSize, node.labelColor, false);
  if (node.valign === "center") {
    const lineHeight = node.fontSize * 1.2;
    const top = node.y - ((lines.length - 1) * lineHeight) / 2 + node.fontSize * 0.35;
    return textLines(lines, node.x, top, node.fontSize, node.labelColor, true);
  }
  return textLines(
    lines,
    node.x,
    node.y + node.height / 2 + gap + node.fontSize,
    node.fontSize,
    node.labelColor,
    true,
  );
}

function edgeOf(edge: SceneEdge): string {
  if (edge.points.length < 2) return "";
  const first = edge.points[0] as { x: number; y: number };
  const last = edge.points[edge.points.length - 1] as { x: number; y: number };
  const c = edge.control;
  const d = c
    ? `M${n(first.x)},${n(first.y)} Q${n(c.x)},${n(c.y)} ${n(last.x)},${n(last.y)}`
    : edge.points.map((p, i) => `${i === 0 ? "M" : "L"}${n(p.x)},${n(p.y)}`).join(" ");
  const dash = edge.dashed ? ` stroke-dasharray="6 4"` : "";
  const arrow = edge.arrow ? ` marker-end="url(#arrow)"` : "";
  const line = `<path d="${d}" fill="none" stroke="${attr(edge.color)}" stroke-width="${n(edge.width)}"${dash}${arrow}/>`;
  if (!edge.label) return line;
  // The label at the line's middle (a quadratic curve's is (start + 2·control + end) / 4).
  const mid = edge.points[Math.floor((edge.points.length - 1) / 2)] as { x: number; y: number };
  const end = edge.points[Math.floor((edge.points.length - 1) / 2) + 1] as { x: number; y: number };
  const at = c
    ? { x: (first.x + 2 * c.x + last.x) / 4, y: (first.y + 2 * c.y + last.y) / 4 }
    : { x: (mid.x + end.x) / 2, y: (mid.y + end.y) / 2 };
  const label = textLines(edge.label.split("\n"), at.x, at.y, edge.fontSize, edge.labelColor, true);
  return `${line}${label}`;
}

const group = (id: string, opacity: number, body: string) =>
  body ? `<g data-id="${attr(id)}"${opacity < 1 ? ` opacity="${n(opacity)}"` : ""}>${body}</g>` : "";

/** The whole picture as one SVG document, with a margin around the map's extent. */
export function writeSvg(scene: Scene, title = "Netatlas map"): string {
  const margin = 24;
  // Every text gets a halo of the background, so a label stays readable where it crosses a line.
  const halo = /^[#\w(),.%\s]+$/.test(scene.background) ? scene.background : "#ffffff";
  const x = n(scene.box.x1 - margin);
  const y = n(scene.box.y1 - margin);
  const width = n(scene.box.x2 - scene.box.x1 + 2 * margin);
  const height = n(scene.box.y2 - scene.box.y1 + 2 * margin);
  const boxes = scene.nodes.filter((node) => node.compound);
  const leaves = scene.nodes.filter((node) => !node.compound);
  const parts = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="${x} ${y} ${width} ${height}" width="${width}" height="${height}">`,
    `<title>${escapeXml(title)}</title>`,
    `<style>text{paint-order:stroke;stroke:${halo};stroke-width:3px;stroke-linejoin:round}</style>`,
    `<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="context-stroke"/></marker></defs>`,
    `<rect x="${x}" y="${y}" width="${width}" height="${height}" fill="${attr(scene.background)}"/>`,
    ...boxes.map((b) => group(b.id, b.opacity, shapeOf(b) + nodeLabel(b))),
    ...scene.edges.map((e) => group(e.id, e.opacity, edgeOf(e))),
    ...leaves.map((l) => group(l.id, l.opacity, shapeOf(l) + nodeLabel(l))),
    `</svg>`,
  ];
  return parts.filter(Boolean).join("\n");
}

// What presenter mode and follow-along do to the Cytoscape picture from outside the canvas (through
// CanvasHandle.core()): keep the focused elements clear of the presenter's overlay, draw the pointer ring, read
// and apply a viewport and node positions. No React.
import type { Collection, Core } from "cytoscape";
import type { ClassState, ClassViewport } from "@/lib/api/class";

/** The part of the canvas nothing floats over, in the canvas's own pixels. */
export interface FreeArea {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/**
 * The canvas minus what floats over it: elements marked data-map-cover (the presenter's step panel, its top
 * bar). A cover on the left pushes the free area's left edge to its right; one across the top pushes its top down.
 */
export function freeArea(cy: Core): FreeArea {
  const box = cy.container()?.getBoundingClientRect();
  const area = { x1: 0, y1: 0, x2: cy.width(), y2: cy.height() };
  if (!box) return area;
  const root = cy.container()?.closest("[data-map-root]") ?? document;
  for (const cover of root.querySelectorAll("[data-map-cover]")) {
    const r = cover.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    const side = (cover as HTMLElement).dataset.mapCover;
    if (side === "left") area.x1 = Math.max(area.x1, r.right - box.left);
    else if (side === "top") area.y1 = Math.max(area.y1, r.bottom - box.top);
    else if (side === "bottom") area.y2 = Math.min(area.y2, r.top - box.top);
  }
  return area;
}

const PADDING = 48;
/** Labels at 11 px become 22 px on screen: readable from the back of a room. */
const MAX_ZOOM = 2;

/** Shows `eles` (the whole map when empty) as large as fits in the free area, at most MAX_ZOOM. */
export function fitInto(cy: Core, eles: Collection | null, animate = true): void {
  // The canvas may have just changed size (presenter mode fills the window): Cytoscape learns it here.
  cy.resize();
  const target = eles?.nonempty() ? eles : cy.elements();
  if (target.empty()) return;
  const area = freeArea(cy);
  const box = target.boundingBox({});
  const width = Math.max(1, area.x2 - area.x1 - 2 * PADDING);
  const height = Math.max(1, area.y2 - area.y1 - 2 * PADDING);
  const zoom = Math.max(
    cy.minZoom(),
    Math.min(width / Math.max(1, box.w), height / Math.max(1, box.h), MAX_ZOOM),
  );
  const pan = {
    x: (area.x1 + area.x2) / 2 - ((box.x1 + box.x2) / 2) * zoom,
    y: (area.y1 + area.y2) / 2 - ((box.y1 + box.y2) / 2) * zoom,
  };
  cy.stop(true);
  if (animate) cy.animate({ zoom, pan }, { duration: 250 });
  else cy.viewport({ zoom, pan });
}

/** Whether `eles`, as drawn now, lie wholly inside the free area (what presenter mode promises). */
export function clearOfCovers(cy: Core, eles: Collection): boolean {
  const area = freeArea(cy);
  const box = eles.renderedBoundingBox({});
  return box.x1 >= area.x1 - 1 && box.x2 <= area.x2 + 1 && box.y1 >= area.y1 - 1 && box.y2 <= area.y2 + 1;
}

/** The ring on the element being discussed (style bypasses: they outlast the model's class changes). */
const RING_NODE = {
  "outline-width": 7,
  "outline-color": "#e11d48",
  "outline-offset": 5,
  "outline-opacity": 1,
};
const RING_EDGE = { "line-color": "#e11d48", width: 7, "z-index": 20 };

export function drawPointer(cy: Core, id: string | null): void {
  cy.batch(() => {
    cy.elements(".class-pointer").forEach((el) => {
      el.removeClass("class-pointer");
      el.removeStyle(Object.keys(el.isNode() ? RING_NODE : RING_EDGE).join(" "));
    });
    if (!id) return;
    const el = cy.getElementById(id);
    if (el.empty()) return;
    el.addClass("class-pointer");
    el.style(el.isNode() ? RING_NODE : RING_EDGE);
  });
}

/**
 * The presenter's view as followers need it: the model point in the middle of the free area (what the presenter
 * shows beside the step panel), the zoom, and the free area's size.
 */
export function readViewport(cy: Core): ClassViewport {
  const zoom = cy.zoom();
  const pan = cy.pan();
  const area = freeArea(cy);
  return {
    zoom,
    x: ((area.x1 + area.x2) / 2 - pan.x) / zoom,
    y: ((area.y1 + area.y2) / 2 - pan.y) / zoom,
    width: Math.max(1, area.x2 - area.x1),
    height: Math.max(1, area.y2 - area.y1),
  };
}

/** The same part of the map on this screen: that point in the middle, zoom scaled so the same frame fits. */
export function applyViewport(cy: Core, v: ClassViewport): void {
  const scale = Math.min(cy.width() / v.width, cy.height() / v.height);
  const zoom = Math.min(cy.maxZoom(), Math.max(cy.minZoom(), v.zoom * scale));
  cy.stop(true);
  cy.viewport({ zoom, pan: { x: cy.width() / 2 - v.x * zoom, y: cy.height() / 2 - v.y * zoom } });
}

/** Leaf node positions, rounded (a hash of them says whether they changed since the last publish). */
export function readPositions(cy: Core, max: number): NonNullable<ClassState["positions"]> | null {
  const leaves = cy.nodes().filter((n) => !n.isParent() && !n.hasClass("leaving"));
  if (leaves.length > max) return null;
  const out: Record<string, { x: number; y: number }> = {};
  leaves.forEach((n) => {
    const p = n.position();
    out[n.id()] = { x: Math.round(p.x), y: Math.round(p.y) };
  });
  return out;
}

export function applyPositions(cy: Core, positions: NonNullable<ClassState["positions"]>): void {
  cy.batch(() => {
    for (const [id, p] of Object.entries(positions)) {
      const node = cy.getElementById(id);
      if (node.nonempty() && node.isNode() && !node.isParent()) node.position(p);
    }
  });
}

/** Whether any node on the canvas stands more than a pixel away from where `positions` puts it. */
export function positionsDiffer(cy: Core, positions: NonNullable<ClassState["positions"]>): boolean {
  for (const [id, p] of Object.entries(positions)) {
    const node = cy.getElementById(id);
    if (node.empty() || !node.isNode()) continue;
    const at = node.position();
    if (Math.abs(at.x - p.x) > 1 || Math.abs(at.y - p.y) > 1) return true;
  }
  return false;
}

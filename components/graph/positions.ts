// Where nodes stand: new nodes are placed next to what they connect to (their network, or their engine's box)
// instead of re-running the layout, and every position is kept in localStorage so a reload shows the same
// picture. Works on a Cytoscape instance; no React.
import type { Core, NodeCollection, NodeSingular, Position } from "cytoscape";

const STORAGE_KEY = "netatlas.positions.v1";
const MAX_SAVED = 3000;

export type SavedPositions = Record<string, Position>;

/** Each view (layout, Linux layer on or off, collapsed tiers) keeps its own picture; the default one the old key. */
function storageKey(view: string): string {
  return view === "" ? STORAGE_KEY : `${STORAGE_KEY}.${view}`;
}

export function loadPositions(view = ""): SavedPositions {
  try {
    return JSON.parse(localStorage.getItem(storageKey(view)) ?? "{}") as SavedPositions;
  } catch {
    return {};
  }
}

/** Saves the positions of the nodes on the canvas, keeping others' (a node that comes back keeps its place). */
export function savePositions(cy: Core, view = ""): void {
  const saved = loadPositions(view);
  cy.nodes()
    .filter((n) => !n.isParent())
    .forEach((n) => {
      const { x, y } = n.position();
      saved[n.id()] = { x: Math.round(x), y: Math.round(y) };
    });
  const ids = Object.keys(saved);
  for (const id of ids.slice(0, Math.max(0, ids.length - MAX_SAVED))) delete saved[id];
  try {
    localStorage.setItem(storageKey(view), JSON.stringify(saved));
  } catch {
    // storage full or disabled: positions then last as long as the page
  }
}

function centreOf(nodes: NodeCollection): Position {
  const box = nodes.boundingBox();
  return { x: (box.x1 + box.x2) / 2, y: (box.y1 + box.y2) / 2 };
}

/**
 * A spot about `radius` from `centre`: of twelve directions (starting from one that depends on the id, so the
 * choice is stable), the one farthest from every node already placed, so a new node does not land on another.
 */
function around(cy: Core, centre: Position, id: string, radius: number, skip: Set<string>): Position {
  let hash = 0;
  for (const ch of id) hash = (hash * 31 + ch.charCodeAt(0)) | 0;
  const start = ((hash >>> 0) % 360) * (Math.PI / 180);
  const others = cy
    .nodes()
    .filter((m) => !m.isParent() && !skip.has(m.id()))
    .nodes()
    .map((m) => m.position());
  let best = centre;
  let bestClearance = -1;
  for (let i = 0; i < 12; i++) {
    const angle = start + (i * Math.PI) / 6;
    const spot = { x: centre.x + radius * Math.cos(angle), y: centre.y + radius * Math.sin(angle) };
    const clearance = Math.min(Infinity, ...others.map((p) => Math.hypot(p.x - spot.x, p.y - spot.y)));
    if (clearance > bestClearance) {
      best = spot;
      bestClearance = clearance;
    }
  }
  return best;
}

/**
 * Gives each of `nodes` a position: its saved one, else next to its already placed neighbours (a container by
 * its networks), else inside its engine's box, else in the middle of the view. Networks go first, so a new
 * container on a new network lands by that network.
 */
export function placeNodes(cy: Core, nodes: NodeCollection, saved: SavedPositions): void {
  const pending = new Set(nodes.map((n) => n.id()));
  const ordered = nodes
    .filter((n) => !n.isParent())
    .sort((a, b) => (a.data("kind") === "network" ? 0 : 1) - (b.data("kind") === "network" ? 0 : 1));
  ordered.forEach((n: NodeSingular) => {
    const known = saved[n.id()];
    if (known) {
      n.position(known);
    } else {
      const placed = n
        .neighborhood()
        .nodes()
        .filter((m) => !pending.has(m.id()) && !m.isParent());
      const parent = n.parent();
      const siblings = parent.nonempty()
        ? parent.children().filter((m) => !pending.has(m.id()))
        : cy.collection();
      const centre = placed.nonempty()
        ? centreOf(placed)
        : siblings.nonempty()
          ? centreOf(siblings)
          : { x: cy.width() / 2, y: cy.height() / 2 };
      n.position(around(cy, centre, n.id(), placed.nonempty() ? 90 : 140, pending));
    }
    pending.delete(n.id());
  });
}

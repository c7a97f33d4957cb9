// The map's three layouts: force-directed (fcose) over everything; tiered, one column per tier band left to right
// (outside → public → internal → data); and per host, one column per host box. The grouped ones lay out each
// group on its own, then set the groups side by side. Works on a Cytoscape instance; no React.
import type cytoscape from "cytoscape";
import type { Collection, Core, LayoutOptions, NodeCollection, NodeSingular } from "cytoscape";
import { bandPositions, SLOT_W, tierBands } from "./band-layout";

export type LayoutMode = "fcose" | "tiered" | "hosts";

export const LAYOUTS: Array<{ mode: LayoutMode; label: string; help: string }> = [
  { mode: "fcose", label: "Force", help: "force-directed: connected things pull together" },
  { mode: "tiered", label: "Tiered", help: "tier bands left to right: outside, public, internal, data" },
  { mode: "hosts", label: "Per host", help: "one column per host (engine or swarm node)" },
];

export function isLayoutMode(value: unknown): value is LayoutMode {
  return value === "fcose" || value === "tiered" || value === "hosts";
}

const TIER_COLUMNS = ["tier:outside", "tier:public", "tier:internal", "tier:data"];
const GAP = 120;

function fcoseOptions(randomize: boolean, animate: boolean, fit: boolean): LayoutOptions {
  return {
    name: "fcose",
    randomize,
    animate,
    animationDuration: 300,
    fit,
    padding: 40,
    // Labels take room too: nodes are kept apart by their labels' size, not only their shapes'.
    nodeDimensionsIncludeLabels: true,
    nodeRepulsion: () => 5000,
    idealEdgeLength: () => 60,
    nodeSeparation: 80,
  } as LayoutOptions;
}

/** Lays out one group's members where they stand, without fitting the view. */
async function layoutGroup(members: NodeCollection, mode: LayoutMode): Promise<void> {
  const leaves = members.filter((n) => !n.isParent());
  if (leaves.empty()) return;
  const eles = (leaves as Collection).union(leaves.edgesWith(leaves));
  if (mode === "tiered") {
    // A band reads top to bottom: networks first, then what is on them.
    const rank = (n: NodeSingular) =>
      n.data("kind") === "network" ? 0 : n.data("kind") === "outside" ? 0 : 1;
    const rows = Math.max(4, Math.ceil(Math.sqrt(leaves.length * 3)));
    const layout = eles.layout({
      name: "grid",
      fit: false,
      avoidOverlap: true,
      avoidOverlapPadding: 40,
      spacingFactor: 1.4,
      condense: true,
      rows,
      sort: (a: NodeSingular, b: NodeSingular) => rank(a) - rank(b) || a.id().localeCompare(b.id()),
    } as LayoutOptions);
    const done = layout.promiseOn("layoutstop");
    layout.run();
    await done;
    return;
  }
  // fcose piles up what is linked to nothing in the group (Docker's bridge, host, none…): those go in a row below.
  const linked = leaves.filter((n) => (n as NodeSingular).edgesWith(leaves).nonempty()) as NodeCollection;
  const alone = leaves.difference(linked) as NodeCollection;
  if (linked.nonempty()) {
    const layout = (linked as unknown as Collection)
      .union(linked.edgesWith(linked))
      .layout(fcoseOptions(true, false, false));
    const done = layout.promiseOn("layoutstop");
    layout.run();
    await done;
  }
  const below = linked.nonempty() ? linked.boundingBox({}) : { x1: 0, y2: 0 };
  alone
    .sort((a, b) => a.id().localeCompare(b.id()))
    .forEach((n, i) => {
      n.position({ x: below.x1 + (i % 5) * SLOT_W, y: below.y2 + 80 + Math.floor(i / 5) * 80 });
    });
}

/** Moves every leaf of `group` by (dx, dy). */
function shift(group: NodeCollection, dx: number, dy: number): void {
  group
    .filter((n) => !n.isParent())
    .forEach((n) => {
      const p = n.position();
      n.position({ x: p.x + dx, y: p.y + dy });
    });
}

/** The groups a grouped layout sets side by side, in order, with the nodes in none of them. */
function groupsOf(cy: Core, mode: LayoutMode): { groups: NodeSingular[]; loose: NodeCollection } {
  const roots = cy.nodes().filter((n) => n.isParent() && n.parent().empty());
  const groups =
    mode === "tiered"
      ? (TIER_COLUMNS.map((id) => cy.getElementById(id)).filter((n) => n.nonempty()) as NodeSingular[])
      : (roots
          .filter((n) => n.data("kind") === "engine")
          .sort((a, b) => a.id().localeCompare(b.id()))
          .toArray() as NodeSingular[]);
  const grouped = new Set(groups.flatMap((g) => g.descendants().map((d) => d.id())));
  const loose = cy.nodes().filter((n) => !n.isParent() && !grouped.has(n.id()) && n.parent().empty());
  return { groups, loose };
}

/** Runs the layout of `mode` over the whole canvas, then calls `done` (to save the positions). */
export async function runLayout(
  cy: Core,
  mode: LayoutMode,
  randomize: boolean,
  done: () => void,
): Promise<void> {
  if (cy.nodes().length === 0) return;
  const { groups, loose } = mode === "fcose" ? { groups: [], loose: cy.collection() } : groupsOf(cy, mode);
  if (mode === "fcose" || groups.length === 0) {
    const layout = cy.layout(fcoseOptions(randomize, !randomize, false));
    layout.one("layoutstop", () => {
      fitReadable(cy, false, mode);
      done();
    });
    layout.run();
    return;
  }
  let x = 0;
  if (mode === "tiered") {
    const leaves = groups.flatMap((g) =>
      g
        .descendants()
        .filter((n) => !n.isParent())
        .map((n) => ({
          id: n.id(),
          kind: String(n.data("kind")),
          label: String(n.data("label")),
          band: g.id(),
        })),
    );
    const bands = tierBands(
      leaves,
      groups.map((g) => g.id()),
    );
    const at = bandPositions(bands, (id) =>
      cy
        .getElementById(id)
        .neighborhood()
        .nodes()
        .map((n) => n.id()),
    );
    cy.batch(() => {
      for (const [id, p] of at) cy.getElementById(id).position(p);
    });
    x =
      cy
        .nodes()
        .filter((n) => !n.isParent() && at.has(n.id()))
        .boundingBox({}).x2 + GAP;
  }
  for (const group of mode === "tiered" ? [] : groups) {
    await layoutGroup(group.descendants(), mode);
    const box = group
      .descendants()
      .filter((n) => !n.isParent())
      .boundingBox({});
    shift(group.descendants(), x - box.x1, -box.y1);
    x += box.w + GAP;
  }
  // What belongs to no group (swarm services between hosts): a row above the columns.
  if (loose.nonempty()) {
    await layoutGroup(loose, "tiered");
    const box = loose.boundingBox({});
    shift(loose, Math.max(0, (x - GAP - box.w) / 2) - box.x1, -box.h - GAP - box.y1);
  }
  fitReadable(cy, false, mode);
  done();
}

/** Below this zoom a small map's labels are too small to read (11 px text drawn at 8 px). */
const READABLE_ZOOM = 0.75;
/** A map with more leaves than this is shown whole: an overview, its labels by level of detail. */
const READABLE_UP_TO = 80;

/** Room around the map when it is fitted. */
const FIT_PADDING = 40;

/** How far down the controls that float over the map reach (they carry data-map-overlay="top"). */
export function overlayBottom(cy: Core): number {
  const box = cy.container();
  let overlay: Element | null = null;
  for (let at = box?.parentElement ?? null, up = 0; at && !overlay && up < 4; at = at.parentElement, up++)
    overlay = at.querySelector('[data-map-overlay="top"]');
  if (!box || !overlay) return 0;
  return Math.max(0, overlay.getBoundingClientRect().bottom - box.getBoundingClientRect().top);
}

/**
 * Fits the map (labels included) into the view below the controls that float over its top. A small map that
 * would be drawn too small to read is shown at a readable zoom instead, the rest a pan away: from its top left
 * in the tiered layout (where the bands start), else around its biggest box (the host with the most in it);
 * `whole` shows all of it however small ("Fit").
 */
export function fitReadable(cy: Core, whole = false, mode: LayoutMode | null = null): void {
  const leaves = cy.nodes().filter((n) => !n.isParent());
  if (leaves.empty()) return;
  const box = cy.elements().boundingBox({});
  const top = overlayBottom(cy) + 12;
  const width = cy.width() - 2 * FIT_PADDING;
  const height = cy.height() - top - FIT_PADDING;
  let zoom = Math.min(width / Math.max(1, box.w), height / Math.max(1, box.h), 1.5);
  // Per host is for comparing the hosts side by side: it is always shown whole.
  const small = !whole && mode !== "hosts" && leaves.length <= READABLE_UP_TO && zoom < READABLE_ZOOM;
  if (small) zoom = READABLE_ZOOM;
  zoom = Math.max(cy.minZoom(), zoom);
  cy.zoom(zoom);
  if (small && mode !== "tiered") {
    // The biggest box (by what it holds) in the middle, its top below the controls if it fits.
    const roots = cy.nodes().filter((n) => n.isParent() && n.parent().empty());
    const biggest = roots
      .toArray()
      .sort(
        (a, b) => (b as NodeSingular).descendants().length - (a as NodeSingular).descendants().length,
      )[0] as NodeSingular | undefined;
    const focus = biggest ? biggest.boundingBox({}) : box;
    // As big as that box fits, and never less than readable.
    const near = Math.min(width / Math.max(1, focus.w), height / Math.max(1, focus.h), 1.5);
    const at = Math.max(zoom, near);
    cy.zoom(at);
    const x = cy.width() / 2 - ((focus.x1 + focus.x2) / 2) * at;
    cy.pan({ x, y: top - focus.y1 * at });
    return;
  }
  const x = small ? FIT_PADDING - box.x1 * zoom : (cy.width() - box.w * zoom) / 2 - box.x1 * zoom;
  const y = small ? top - box.y1 * zoom : top + Math.max(0, (height - box.h * zoom) / 2) - box.y1 * zoom;
  cy.pan({ x, y });
}

/** A box on the map, in model coordinates. */
interface Box {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

const overlaps = (a: Box, b: Box) => a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;

/**
 * How many pairs of things collide on the map as drawn now: a label over another label, or over a node that is
 * not its own, counting only labels drawn at this zoom (level of detail). Published for the e2e check that the
 * example maps have none; skipped (null) on maps too big for a pairwise count.
 */
export function labelOverlaps(cy: Core): { count: number; pairs: string[] } | null {
  const zoom = cy.zoom();
  const leaves = cy.nodes().filter((n) => !n.isParent() && !n.hasClass("leaving"));
  if (leaves.length > 300) return null;
  const px = (el: cytoscape.SingularElementArgument, key: string) =>
    (el as unknown as { pstyle(k: string): { pfValue: number } }).pstyle(key).pfValue;
  const shown = (el: cytoscape.SingularElementArgument) =>
    String(el.data("label") ?? "") !== "" && px(el, "font-size") * zoom >= px(el, "min-zoomed-font-size");
  const labelBox = (el: cytoscape.SingularElementArgument): Box =>
    el.boundingBox({ includeNodes: false, includeEdges: false, includeLabels: true, includeOverlays: false });
  const labels = [
    ...leaves.filter(shown).map((n) => ({ id: n.id(), ends: [n.id()], box: labelBox(n) })),
    ...(cy.edges().toArray() as cytoscape.EdgeSingular[])
      .filter((e) => !e.hasClass("leaving") && shown(e))
      .map((e) => ({ id: e.id(), ends: [e.source().id(), e.target().id()], box: labelBox(e) })),
  ].filter((l) => l.box.x2 > l.box.x1);
  const bodies = leaves.map((n) => ({
    id: n.id(),
    box: n.boundingBox({
      includeNodes: true,
      includeEdges: false,
      includeLabels: false,
      includeOverlays: false,
    }),
  }));
  const pairs: string[] = [];
  for (const [i, a] of labels.entries()) {
    for (const b of labels.slice(i + 1)) if (overlaps(a.box, b.box)) pairs.push(`${a.id} ~ ${b.id}`);
    for (const b of bodies)
      if (!a.ends.includes(b.id) && overlaps(a.box, b.box)) pairs.push(`${a.id} ~ ${b.id}`);
  }
  return { count: pairs.length, pairs };
}

"use client";
// The one Cytoscape canvas. Created once; each new set of elements is applied in one batch keyed by element id:
// untouched nodes keep their positions, new ones are placed by their neighbours and flash, gone ones fade out.
// The full layout runs only on a first draw with no saved positions, when the view changes to one without a saved
// picture (each view keeps its own), or when asked for.
import cytoscape, { type Core, type ElementDefinition, type NodeCollection } from "cytoscape";
import fcose from "cytoscape-fcose";
import { useEffect, useImperativeHandle, useRef } from "react";
import type { ElementJson } from "@/lib/topology/elements";
import { currentTheme } from "../ThemeSwitch";
import { fitReadable, type LayoutMode, labelOverlaps, overlayBottom, runLayout } from "./layouts";
import { loadPositions, placeNodes, savePositions } from "./positions";
import { themedStyle } from "./style";
import { animateTraffic, applyTraffic } from "./traffic-edges";

let registered = false;
function registerExtensions(): void {
  if (registered) return;
  cytoscape.use(fcose);
  registered = true;
}

/** Elements to show above the rest: a reach path (ok or broken) or hits (focus); the rest fades back. */
export interface Highlight {
  ids: string[];
  tone: "ok" | "broken" | "focus";
}

export interface CanvasHandle {
  fit(): void;
  zoom(factor: number): void;
  relayout(): void;
  focus(id: string): void;
  /**
   * The Cytoscape instance itself, for what reads or sets the whole picture from outside (export as PNG/SVG, a
   * presenter's viewport broadcast to followers); null before it is made. Never keep it past an effect.
   */
  core(): Core | null;
}

interface Props {
  elements: ElementJson[];
  /** The layout to run when there is no saved picture, or on "Re-layout". */
  layout: LayoutMode;
  /** Names the picture: positions are saved per view (layout, Linux layer, collapsed tiers). */
  view: string;
  selectedId: string | null;
  highlight?: Highlight | null;
  /** Double click on a tier band or its summary, or on a group of containers: collapse or expand it. */
  onToggleGroup?(id: string): void;
  /**
   * Names which groups of containers are open: when it changes, members and groups come and go quietly (no
   * flash: nothing changed in Docker) and take their places by their neighbours; nothing else moves.
   */
  regrouped?: string;
  onSelect(id: string | null): void;
  /** A container node dropped onto a network node (element ids): the caller offers to connect them. */
  onDropOnNetwork?(containerId: string, networkId: string): void;
  /** Right click (or long press) on a node or edge, at this point inside the canvas. */
  onContextMenu?(id: string, at: { x: number; y: number }): void;
  /** With the Traffic switch on: each drawn edge's bytes per second (null: the switch is off). */
  traffic?: ReadonlyMap<string, number> | null;
  ref?: React.Ref<CanvasHandle>;
}

/** Above this many elements the map is drawn as a texture while it moves (Cytoscape's viewport options). */
const LARGE_MAP = 400;

/** The renderer's viewport options, read on every frame (Cytoscape takes them only at creation otherwise). */
interface ViewportFlags {
  hideEdgesOnViewport: boolean;
  textureOnViewport: boolean;
}

/** Room above a path brought into view, below the floating toolbar, for the label of the box around it. */
const BOX_LABEL_ROOM = 40;
/** The label-collision count waits this long after the last move. */
const OVERLAP_REST_MS = 250;

/** How long an element that came or went stays highlighted. */
const FLASH_MS = 1500;
const LEAVE_MS = 700;

/** The network node a dropped node lies on, if any. */
function networkUnder(cy: Core, node: cytoscape.NodeSingular): cytoscape.NodeSingular | null {
  const p = node.position();
  const hit = cy.nodes('[kind = "network"]').filter((n) => {
    const box = n.boundingBox({});
    return p.x >= box.x1 && p.x <= box.x2 && p.y >= box.y1 && p.y <= box.y2;
  });
  return hit.length ? (hit[0] as cytoscape.NodeSingular) : null;
}

/** Transient highlights, kept apart from the classes the model gives (which each update replaces). */
interface Transients {
  flashing: Map<string, ReturnType<typeof setTimeout>>;
  leaving: Map<string, ReturnType<typeof setTimeout>>;
}

/**
 * Brings the canvas to `elements` by id: new ones are added and flash, gone ones fade out, the rest keep their
 * position and take new data and classes. Answers the nodes it added.
 */
function applyElements(cy: Core, elements: ElementJson[], t: Transients, quiet: boolean): NodeCollection {
  const wanted = new Map(elements.map((e) => [e.data.id, e]));
  let addedNodes = cy.collection() as NodeCollection;
  /** Nodes whose parent changed: moved once their new parent exists. */
  const moves: Array<[string, string | null]> = [];
  /** Edges re-pointed (to or from a collapsed band's summary, and back): moved once their new ends exist. */
  const edgeMoves: Array<[string, string, string]> = [];
  cy.batch(() => {
    // Another view (layout, Linux layer, a band collapsed) is not a change in Docker: nothing glows or fades.
    if (quiet) {
      for (const timer of [...t.flashing.values(), ...t.leaving.values()]) clearTimeout(timer);
      t.flashing.clear();
      t.leaving.clear();
      cy.elements(".flash, .leaving").removeClass("flash leaving");
      cy.elements()
        .filter((el) => !wanted.has(el.id()))
        .remove();
    }
    cy.elements().forEach((el) => {
      const id = el.id();
      if (wanted.has(id) || t.leaving.has(id)) return;
      el.addClass("leaving");
      t.leaving.set(
        id,
        setTimeout(() => {
          t.leaving.delete(id);
          cy.getElementById(id).remove();
        }, LEAVE_MS),
      );
    });
    const added: ElementDefinition[] = [];
    for (const e of elements) {
      const existing = cy.getElementById(e.data.id);
      const back = t.leaving.get(e.data.id);
      if (back) {
        clearTimeout(back);
        t.leaving.delete(e.data.id);
      }
      if (existing.empty()) {
        added.push(e as ElementDefinition);
        continue;
      }
      // An id is fixed for an element's life. A node changes parent when the grouping does (host boxes or tier
      // bands), an edge its ends when a band is collapsed or expanded: Cytoscape does both by moving them.
      const { id: _id, source, target, parent, ...changeable } = e.data;
      existing.data(changeable);
      existing.classes(e.classes);
      if (t.flashing.has(e.data.id)) existing.addClass("flash");
      if (e.group === "nodes" && (existing.data("parent") ?? null) !== (parent ?? null))
        moves.push([e.data.id, parent ?? null]);
      if (
        e.group === "edges" &&
        source &&
        target &&
        (existing.data("source") !== source || existing.data("target") !== target)
      )
        edgeMoves.push([e.data.id, source, target]);
    }
    if (added.length) {
      const fresh = cy.add(added);
      addedNodes = fresh.nodes();
      if (!quiet) {
        fresh.addClass("flash");
        fresh.forEach((el) => {
          const id = el.id();
          t.flashing.set(
            id,
            setTimeout(() => {
              t.flashing.delete(id);
              cy.getElementById(id).removeClass("flash");
            }, FLASH_MS),
          );
        });
      }
    }
    for (const [id, parent] of moves) {
      const node = cy.getElementById(id) as cytoscape.NodeSingular;
      const at = node.isParent() ? null : { ...node.position() };
      const moved = node.move({ parent }) as unknown as cytoscape.NodeSingular;
      if (at) moved.position(at);
    }
    for (const [id, source, target] of edgeMoves)
      (cy.getElementById(id) as cytoscape.EdgeSingular).move({ source, target });
  });
  return addedNodes;
}

export function TopologyCanvas({
  elements,
  layout,
  view,
  regrouped = "",
  selectedId,
  highlight = null,
  onSelect,
  onToggleGroup,
  onDropOnNetwork,
  onContextMenu,
  traffic = null,
  ref,
}: Props) {
  const container = useRef<HTMLDivElement>(null);
  const cyRef = useRef<Core | null>(null);
  const onSelectRef = useRef(onSelect);
  const onDropRef = useRef(onDropOnNetwork);
  onDropRef.current = onDropOnNetwork;
  const onContextRef = useRef(onContextMenu);
  onContextRef.current = onContextMenu;
  const onToggleRef = useRef(onToggleGroup);
  onToggleRef.current = onToggleGroup;
  const viewRef = useRef(view);
  const layoutRef = useRef(layout);
  layoutRef.current = layout;
  /** The view whose picture the canvas shows: a change of view restores that view's picture. */
  const shownView = useRef<string | null>(null);
  const shownGrouping = useRef(regrouped);
  const dragStart = useRef<cytoscape.Position | null>(null);
  const transients = useRef<Transients>({ flashing: new Map(), leaving: new Map() });
  onSelectRef.current = onSelect;

  useEffect(() => {
    registerExtensions();
    const cy = cytoscape({
      container: container.current,
      style: themedStyle(currentTheme()),
      wheelSensitivity: 0.3,
      minZoom: 0.1,
      maxZoom: 4,
    });
    cy.on("dragfree", "node", (event) => {
      const node = event.target as cytoscape.NodeSingular;
      const target = node.data("kind") === "container" ? networkUnder(cy, node) : null;
      if (target) {
        // Put it back where it was picked up: the connection, once made, arrives through the live stream.
        node.position(dragStart.current ?? node.position());
        onDropRef.current?.(node.id(), target.id());
      }
      savePositions(cy, viewRef.current);
    });
    cy.on("dbltap", "node", (event) => {
      const kind = (event.target as cytoscape.NodeSingular).data("kind");
      if (kind === "tier" || kind === "tier-summary" || kind === "group")
        onToggleRef.current?.(event.target.id());
    });
    cy.on("cxttap", "node, edge", (event) => {
      onContextRef.current?.(
        (event.target as cytoscape.SingularElementArgument).id(),
        event.renderedPosition,
      );
    });
    cy.on("grab", "node", (event) => {
      const node = event.target as cytoscape.NodeSingular;
      dragStart.current = { ...node.position() };
      // Dragging a container: the networks it can be dropped on say so (operators only).
      if (node.data("kind") === "container" && onDropRef.current)
        cy.nodes('[kind = "network"]').not(node.neighborhood()).addClass("drop-target");
    });
    cy.on("free", "node", () => {
      cy.nodes(".drop-target").removeClass("drop-target");
    });
    // The view's transform, as data attributes: what a test (or a screen reader's helper) needs to find a
    // node on screen from its saved position, without any global.
    const publishView = () => {
      const el = container.current;
      if (!el) return;
      el.dataset.zoom = String(cy.zoom());
      el.dataset.panX = String(cy.pan().x);
      el.dataset.panY = String(cy.pan().y);
      publishOverlaps();
    };
    // How many labels collide as drawn now (for the e2e check); counted once the view has rested.
    let overlapTimer: ReturnType<typeof setTimeout> | null = null;
    const publishOverlaps = () => {
      if (overlapTimer) clearTimeout(overlapTimer);
      overlapTimer = setTimeout(() => {
        const el = container.current;
        const found = labelOverlaps(cy);
        if (!el) return;
        el.dataset.labelOverlaps = found ? String(found.count) : "";
        el.dataset.labelOverlapPairs = found ? found.pairs.slice(0, 10).join("\n") : "";
      }, OVERLAP_REST_MS);
    };
    cy.on("viewport", publishView);
    cy.on("position", publishOverlaps);
    publishView();
    cy.on("tap", (event) => {
      onSelectRef.current(
        event.target === cy ? null : (event.target as cytoscape.SingularElementArgument).id(),
      );
    });
    cyRef.current = cy;
    // The page's theme changed (the switch, or the system's setting): the canvas follows.
    const restyle = () => cy.style().fromJson(themedStyle(currentTheme())).update();
    window.addEventListener("netatlas-theme", restyle);
    return () => {
      window.removeEventListener("netatlas-theme", restyle);
      cy.destroy();
      cyRef.current = null;
    };
  }, []);

  useEffect(() => {
    const cy = cyRef.current;
    if (!cy) return;
    viewRef.current = view;
    // Was the whole map in view before this change? Then it stays so (a new node does not spill out of the
    // frame); a user who zoomed into a part keeps that part.
    const extent = cy.extent();
    const wholeInView =
      cy.nodes().nonempty() &&
      cy
        .nodes()
        .filter((n) => !n.isParent())
        .every((n) => {
          const p = (n as cytoscape.NodeSingular).position();
          return p.x >= extent.x1 && p.x <= extent.x2 && p.y >= extent.y1 && p.y <= extent.y2;
        });
    const viewChanged = shownView.current !== view;
    shownView.current = view;
    const regroupedNow = shownGrouping.current !== regrouped;
    shownGrouping.current = regrouped;
    const added = applyElements(cy, elements, transients.current, viewChanged || regroupedNow);
    // A large map moves as one picture (a texture, edges hidden) while it is panned or zoomed, then redraws.
    const big = cy.elements().length > LARGE_MAP;
    const renderer = (cy as unknown as { renderer(): ViewportFlags }).renderer();
    renderer.hideEdgesOnViewport = big;
    renderer.textureOnViewport = big;
    // What the canvas draws (those fading out aside): a test compares it with the list, a benchmark waits for it.
    if (container.current) {
      container.current.dataset.drawnEdges = String(cy.edges().not(".leaving").length);
      container.current.dataset.drawnNodes = String(cy.nodes().not(".leaving").length);
    }
    const save = () => savePositions(cy, view);
    if (viewChanged) {
      // A first draw, or another view: show that view's saved picture, or lay it out when it has none.
      const saved = loadPositions(view);
      const leaves = cy.nodes().filter((n) => !n.isParent() && !n.hasClass("leaving"));
      const known = leaves.filter((n) => !!saved[n.id()]);
      added.removeClass("flash");
      if (leaves.nonempty() && known.length >= leaves.length / 2) {
        known.forEach((n) => {
          n.position(saved[n.id()] as cytoscape.Position);
        });
        placeNodes(cy, leaves.difference(known) as cytoscape.NodeCollection, saved);
        fitReadable(cy, false, layoutRef.current);
        save();
      } else {
        void runLayout(cy, layoutRef.current, true, save);
      }
      return;
    }
    if (added.empty()) return;
    // Nothing that was there moves: new nodes are placed by their neighbours.
    placeNodes(cy, added, loadPositions(view));
    save();
    const now = cy.extent();
    const outside = added.some((n) => {
      const p = (n as cytoscape.NodeSingular).position();
      return p.x < now.x1 || p.x > now.x2 || p.y < now.y1 || p.y > now.y2;
    });
    if (wholeInView && outside) fitReadable(cy, true);
  }, [elements, view, regrouped]);

  // Traffic: rates on the edges (again when the elements change: a new edge may already carry traffic).
  // biome-ignore lint/correctness/useExhaustiveDependencies: elements: new edges get their rate too
  useEffect(() => {
    const cy = cyRef.current;
    if (cy) applyTraffic(cy, traffic);
  }, [traffic, elements]);
  const trafficOn = traffic !== null;
  useEffect(() => {
    const cy = cyRef.current;
    if (!cy || !trafficOn) return;
    return animateTraffic(cy);
  }, [trafficOn]);

  useEffect(() => {
    const cy = cyRef.current;
    if (!cy) return;
    cy.batch(() => {
      cy.elements(".selected").removeClass("selected");
      if (selectedId) cy.getElementById(selectedId).addClass("selected");
    });
  }, [selectedId]);

  // A new highlight is brought into view; the same one only follows new elements.
  const highlightKey = highlight ? `${highlight.tone}|${highlight.ids.join(",")}` : "";
  const shownHighlight = useRef("");
  // biome-ignore lint/correctness/useExhaustiveDependencies: elements: new ones must fade back or join the path too
  useEffect(() => {
    const cy = cyRef.current;
    if (!cy) return;
    const on = cy.collection();
    cy.batch(() => {
      cy.elements(".dimmed, .on-path, .path-context").removeClass(
        "dimmed on-path path-ok path-broken path-focus path-context",
      );
      if (!highlight || highlight.ids.length === 0) return;
      for (const id of highlight.ids) {
        const el = cy.getElementById(id);
        if (el.nonempty()) on.merge(el);
      }
      if (on.empty()) return;
      cy.elements().not(on).addClass("dimmed");
      on.addClass(`on-path path-${highlight.tone}`);
      // The boxes around the path (hosts, bands) stay readable.
      on.nodes().ancestors().removeClass("dimmed").addClass("path-context");
    });
    if (shownHighlight.current !== highlightKey && on.nonempty()) {
      cy.stop(true).animate(
        { fit: { eles: on, padding: 80 } },
        {
          duration: 300,
          complete: () => {
            // One node alone would fill the screen: keep some of its surroundings in view.
            let box = on.renderedBoundingBox({});
            if (cy.zoom() > 1.5)
              cy.zoom({
                level: 1.5,
                renderedPosition: { x: (box.x1 + box.x2) / 2, y: (box.y1 + box.y2) / 2 },
              });
            // The toolbar floats over the map's top: the path (and the box label above it) go below it.
            box = on.renderedBoundingBox({});
            const top = overlayBottom(cy) + BOX_LABEL_ROOM;
            const room = cy.height() - top - 24;
            if (box.h > room)
              cy.zoom({
                level: (cy.zoom() * room) / box.h,
                renderedPosition: { x: (box.x1 + box.x2) / 2, y: (box.y1 + box.y2) / 2 },
              });
            box = on.renderedBoundingBox({});
            if (box.y1 < top) cy.panBy({ x: 0, y: top - box.y1 });
          },
        },
      );
    }
    shownHighlight.current = highlightKey;
  }, [highlightKey, elements]);

  useImperativeHandle(ref, () => ({
    core: () => cyRef.current,
    fit: () => {
      // A focus animation still running would undo the fit. Asked for, it shows the whole map, however small.
      const cy = cyRef.current;
      if (cy) fitReadable(cy.stop(true), true);
    },
    zoom: (factor) => {
      const cy = cyRef.current;
      if (!cy) return;
      cy.zoom({ level: cy.zoom() * factor, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } });
    },
    relayout: () => {
      const cy = cyRef.current;
      if (cy) void runLayout(cy, layoutRef.current, true, () => savePositions(cy, viewRef.current));
    },
    focus: (id) => {
      // Chosen in the list: brought into view only if it is not in view already, and by the least move (the
      // rest of the map stays where the user had it, not half of it pushed off the canvas).
      const cy = cyRef.current;
      const el = cy?.getElementById(id);
      if (!cy || !el?.nonempty()) return;
      // Too far out to read it (a large map's overview): come close to it instead.
      if (cy.zoom() < 0.75) {
        cy.animate({ center: { eles: el }, zoom: 1 }, { duration: 250 });
        return;
      }
      const box = el.renderedBoundingBox({});
      const top = overlayBottom(cy) + 8;
      const margin = 24;
      const dx =
        box.x1 < margin ? margin - box.x1 : box.x2 > cy.width() - margin ? cy.width() - margin - box.x2 : 0;
      const dy =
        box.y1 < top ? top - box.y1 : box.y2 > cy.height() - margin ? cy.height() - margin - box.y2 : 0;
      if (dx || dy) cy.animate({ panBy: { x: dx, y: dy } }, { duration: 250 });
    },
  }));

  // Cytoscape styles its container `position: relative`, so the container fills an absolutely placed frame.
  return (
    <div className="absolute inset-0">
      <div
        ref={container}
        className="h-full w-full"
        role="img"
        aria-label="Network map (the list beside it has every element)"
        // Right click belongs to the map's own menu, not the browser's.
        onContextMenu={(event) => event.preventDefault()}
      />
    </div>
  );
}

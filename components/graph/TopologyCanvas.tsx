"use client";
// The one Cytoscape canvas. Created once; each new set of elements is applied in one batch keyed by element id,
// so untouched nodes keep their positions and the layout runs only when the structure changed.
import cytoscape, { type Core, type ElementDefinition } from "cytoscape";
import fcose from "cytoscape-fcose";
import { useEffect, useImperativeHandle, useRef } from "react";
import type { ElementJson } from "@/lib/topology/elements";
import { graphStyle } from "./style";

let registered = false;
function registerExtensions(): void {
  if (registered) return;
  cytoscape.use(fcose);
  registered = true;
}

export interface CanvasHandle {
  fit(): void;
  zoom(factor: number): void;
  relayout(): void;
  focus(id: string): void;
}

interface Props {
  elements: ElementJson[];
  selectedId: string | null;
  onSelect(id: string | null): void;
  ref?: React.Ref<CanvasHandle>;
}

function runLayout(cy: Core, randomize: boolean): void {
  if (cy.nodes().length === 0) return;
  cy.layout({
    name: "fcose",
    randomize,
    animate: !randomize,
    animationDuration: 300,
    fit: true,
    padding: 40,
    nodeRepulsion: () => 9000,
    idealEdgeLength: () => 90,
    nodeSeparation: 80,
  } as cytoscape.LayoutOptions).run();
}

/** Adds, removes and updates elements by id; true when nodes or edges came or went. */
function applyElements(cy: Core, elements: ElementJson[]): boolean {
  const wanted = new Map(elements.map((e) => [e.data.id, e]));
  let structural = false;
  cy.batch(() => {
    cy.elements().forEach((el) => {
      if (!wanted.has(el.id())) {
        el.remove();
        structural = true;
      }
    });
    const added: ElementDefinition[] = [];
    for (const e of elements) {
      const existing = cy.getElementById(e.data.id);
      if (existing.empty()) {
        added.push(e as ElementDefinition);
        continue;
      }
      // id, source, target and parent are fixed for an element's life; the rest may change.
      const { id: _id, source: _s, target: _t, parent: _p, ...changeable } = e.data;
      existing.data(changeable);
      existing.classes(e.classes);
    }
    if (added.length) {
      cy.add(added);
      structural = true;
    }
  });
  return structural;
}

export function TopologyCanvas({ elements, selectedId, onSelect, ref }: Props) {
  const container = useRef<HTMLDivElement>(null);
  const cyRef = useRef<Core | null>(null);
  const onSelectRef = useRef(onSelect);
  onSelectRef.current = onSelect;

  useEffect(() => {
    registerExtensions();
    const cy = cytoscape({
      container: container.current,
      style: graphStyle,
      wheelSensitivity: 0.3,
      minZoom: 0.1,
      maxZoom: 4,
    });
    cy.on("tap", (event) => {
      onSelectRef.current(
        event.target === cy ? null : (event.target as cytoscape.SingularElementArgument).id(),
      );
    });
    cyRef.current = cy;
    return () => {
      cy.destroy();
      cyRef.current = null;
    };
  }, []);

  useEffect(() => {
    const cy = cyRef.current;
    if (!cy) return;
    const first = cy.elements().empty();
    if (applyElements(cy, elements)) runLayout(cy, first);
  }, [elements]);

  useEffect(() => {
    const cy = cyRef.current;
    if (!cy) return;
    cy.batch(() => {
      cy.elements(".selected").removeClass("selected");
      if (selectedId) cy.getElementById(selectedId).addClass("selected");
    });
  }, [selectedId]);

  useImperativeHandle(ref, () => ({
    fit: () => cyRef.current?.fit(undefined, 40),
    zoom: (factor) => {
      const cy = cyRef.current;
      if (!cy) return;
      cy.zoom({ level: cy.zoom() * factor, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } });
    },
    relayout: () => cyRef.current && runLayout(cyRef.current, true),
    focus: (id) => {
      const cy = cyRef.current;
      const el = cy?.getElementById(id);
      if (cy && el?.nonempty())
        cy.animate({ center: { eles: el }, zoom: Math.max(cy.zoom(), 1.2) }, { duration: 250 });
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
      />
    </div>
  );
}

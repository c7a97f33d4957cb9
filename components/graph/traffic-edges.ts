// Traffic on the canvas: each busy edge gets its rate as data (its width follows it, on a log scale), the
// class "busy" (the one colour that means traffic), and, unless the person asked for reduced motion, dashes
// that march faster the more bytes flow. Only busy edges are touched each tick; idle ones stay as they are.
import type { Core } from "cytoscape";
import { trafficLevel } from "@/lib/client/traffic";

/** Puts this sample's rates on the edges (drawn edge id → bytes/s); edges not in it go idle. */
export function applyTraffic(cy: Core, rates: ReadonlyMap<string, number> | null): void {
  cy.batch(() => {
    cy.edges(".busy").forEach((e) => {
      if (!rates?.has(e.id())) {
        e.removeClass("busy");
        e.removeData("trafficLevel");
        e.removeStyle("line-dash-offset");
      }
    });
    if (!rates) return;
    for (const [id, rate] of rates) {
      const edge = cy.getElementById(id);
      if (edge.empty() || !edge.isEdge()) continue;
      const level = trafficLevel(rate);
      if (level <= 0) {
        edge.removeClass("busy");
        continue;
      }
      edge.data("trafficLevel", level);
      edge.addClass("busy");
    }
  });
}

const TICK_MS = 80;

/** Marches the dashes of busy edges; returns the function that stops it. */
export function animateTraffic(cy: Core): () => void {
  if (typeof window !== "undefined" && window.matchMedia?.("(prefers-reduced-motion: reduce)").matches) {
    return () => {};
  }
  let offset = 0;
  const timer = setInterval(() => {
    const busy = cy.edges(".busy");
    if (busy.empty()) return;
    offset += 1;
    cy.batch(() => {
      busy.forEach((e) => {
        const level = Number(e.data("trafficLevel")) || 0;
        // 1 to 7 px per tick: a trickle crawls, a flood runs.
        e.style("line-dash-offset", -offset * (1 + 6 * level));
      });
    });
  }, TICK_MS);
  return () => clearInterval(timer);
}

// The map's look: shapes and colours by driver and state, shared by the canvas and its legend.
import type { StylesheetJson } from "cytoscape";

/** Network drivers and container states with their colour, so the legend and the canvas cannot disagree. */
export const DRIVER_COLORS: Record<string, { color: string; shape: string; label: string }> = {
  "driver-bridge": { color: "#2563eb", shape: "round-rectangle", label: "bridge network" },
  "driver-overlay": { color: "#7c3aed", shape: "hexagon", label: "overlay network" },
  "driver-macvlan": { color: "#ea580c", shape: "diamond", label: "macvlan network" },
  "driver-ipvlan": { color: "#d97706", shape: "pentagon", label: "ipvlan network" },
  "driver-host": { color: "#dc2626", shape: "octagon", label: "host network" },
  "driver-none": { color: "#6b7280", shape: "round-rectangle", label: "none network" },
  "driver-other": { color: "#0d9488", shape: "round-tag", label: "plugin network" },
};

export const STATE_COLORS: Record<string, { color: string; label: string }> = {
  "state-running": { color: "#16a34a", label: "running" },
  "state-paused": { color: "#ca8a04", label: "paused" },
  "state-restarting": { color: "#f97316", label: "restarting" },
  "state-created": { color: "#93c5fd", label: "created" },
  "state-exited": { color: "#9ca3af", label: "exited" },
  "state-dead": { color: "#b91c1c", label: "dead" },
  "state-removing": { color: "#f87171", label: "removing" },
};

/** The tier bands' colours, left to right. */
export const TIER_COLORS: Record<string, string> = {
  outside: "#e0f2fe",
  public: "#fee2e2",
  internal: "#e0e7ff",
  data: "#dcfce7",
};

/** A highlighted path: ink when it works, crimson where it breaks; blue rings for search hits and findings. */
export const PATH_COLORS = { ok: "#0f172a", broken: "#be123c", focus: "#1d4ed8" };

/** The one colour that means traffic, on the map and in the panels' sparklines. */
export const TRAFFIC_COLOR = "#0d9488";

export const graphStyle: StylesheetJson = [
  {
    selector: "node",
    style: {
      label: "data(label)",
      "font-size": 11,
      "font-family": "ui-sans-serif, system-ui, sans-serif",
      color: "#111827",
      "text-valign": "bottom",
      "text-margin-y": 4,
      "text-wrap": "wrap",
      "text-max-width": "130px",
      "text-background-color": "#ffffff",
      "text-background-opacity": 0.8,
      "text-background-padding": "1px",
      // Level of detail: a label smaller than this on screen is not drawn (shapes and colours only when far out).
      "min-zoomed-font-size": 7,
    },
  },
  {
    selector: "node[sublabel]",
    style: { label: (n: { data: (k: string) => string }) => `${n.data("label")}\n${n.data("sublabel")}` },
  },
  {
    // Each engine is a box around its networks and containers (a compound node: Cytoscape sizes it).
    selector: "node.engine",
    style: {
      label: (n: { data: (k: string) => string }) => `${n.data("label")} · ${n.data("sublabel")}`,
      "text-max-width": "480px",
      shape: "round-rectangle",
      "background-color": "#f1f5f9",
      "background-opacity": 0.6,
      "border-width": 1,
      "border-color": "#94a3b8",
      "text-valign": "top",
      "text-halign": "center",
      "text-margin-y": -4,
      "font-weight": "bold",
      "font-size": 12,
      // A box's title stays longer than its members' labels: it says where you are.
      "min-zoomed-font-size": 5,
      padding: "24px",
      "min-width": "80px",
      "min-height": "40px",
    },
  },
  { selector: "node.engine-down", style: { "border-color": "#dc2626", "border-width": 2 } },
  {
    selector: "node.network",
    style: { width: 46, height: 30, "border-width": 2, "border-color": "#1f2937" },
  },
  ...Object.entries(DRIVER_COLORS).map(([cls, v]) => ({
    selector: `node.${cls}`,
    style: { "background-color": v.color, shape: v.shape as "rectangle" },
  })),
  { selector: "node.internal", style: { "border-style": "dashed", "border-width": 3 } },
  { selector: "node.system", style: { "background-opacity": 0.55 } },
  {
    selector: "node.container",
    style: { shape: "ellipse", width: 26, height: 26, "border-width": 1, "border-color": "#374151" },
  },
  ...Object.entries(STATE_COLORS).map(([cls, v]) => ({
    selector: `node.${cls}`,
    style: { "background-color": v.color },
  })),
  { selector: "node.mode-host", style: { "border-width": 3, "border-color": "#dc2626" } },
  {
    selector: "node.mode-container",
    style: { "border-width": 3, "border-style": "double", "border-color": "#7c3aed" },
  },
  {
    selector: "edge",
    style: {
      width: 1.5,
      "line-color": "#94a3b8",
      "curve-style": "bezier",
      label: "data(label)",
      "font-size": 9,
      color: "#334155",
      "text-rotation": "autorotate",
      "text-background-color": "#f8fafc",
      "text-background-opacity": 0.9,
      "text-background-padding": "1px",
      // Addresses on edges come last: only once zoomed in enough to read them (and to have room for them).
      "min-zoomed-font-size": 8,
    },
  },
  { selector: "edge.configured", style: { "line-style": "dashed", "line-color": "#cbd5e1" } },
  {
    selector: "edge.shares-stack",
    style: {
      "line-color": "#7c3aed",
      "line-style": "dashed",
      "target-arrow-shape": "triangle",
      "target-arrow-color": "#7c3aed",
    },
  },
  // Across hosts: swarm node boxes, services between them, tasks, VXLAN tunnels.
  { selector: "node.swarm-node", style: { "border-width": 2, "border-color": "#7c3aed" } },
  {
    selector: "node.service",
    style: {
      shape: "barrel",
      width: 40,
      height: 26,
      "background-color": "#a78bfa",
      "border-width": 2,
      "border-color": "#5b21b6",
    },
  },
  { selector: "node.task", style: { shape: "ellipse", width: 20, height: 20, "border-width": 1 } },
  {
    selector: "edge.task-edge",
    style: {
      "line-color": "#a78bfa",
      "target-arrow-shape": "vee",
      "target-arrow-color": "#a78bfa",
      width: 1,
    },
  },
  {
    selector: "edge.tunnel",
    style: { width: 4, "line-color": "#7c3aed", "line-style": "dashed", "line-dash-pattern": [8, 4] },
  },
  { selector: "edge.tunnel.encrypted", style: { "line-color": "#15803d" } },
  // An encrypted tunnel whose IPsec association is missing drops its traffic: red.
  { selector: "edge.tunnel.ipsec-missing", style: { "line-color": "#dc2626", "line-style": "dotted" } },
  // The Linux layer: interfaces, veth pairs, bridges and parents as a networking tutorial draws them.
  {
    selector: "node.iface, node.veth",
    style: {
      shape: "rectangle",
      width: 14,
      height: 14,
      "background-color": "#fbbf24",
      "border-width": 1,
      "border-color": "#92400e",
      "font-size": 9,
    },
  },
  { selector: "node.veth", style: { "background-color": "#fde68a" } },
  {
    selector: "node.parent, node.stack",
    style: { shape: "rectangle", width: 30, height: 18, "background-color": "#fca5a5", "border-width": 1 },
  },
  { selector: "node.linux", style: { "border-color": "#92400e", "border-width": 3 } },
  { selector: "edge.veth", style: { "line-color": "#d97706", width: 3 } },
  { selector: "node.linux-unavailable", style: { "border-style": "dotted", "border-width": 2 } },
  // Tier bands: columns left to right; a collapsed band is one node with counts.
  {
    selector: "node.tier",
    style: {
      shape: "round-rectangle",
      "background-opacity": 0.35,
      "border-width": 1,
      "border-color": "#64748b",
      "text-valign": "top",
      "text-halign": "center",
      "font-weight": "bold",
      "font-size": 12,
      "text-max-width": "400px",
      "min-zoomed-font-size": 5,
      padding: "20px",
      label: (n: { data: (k: string) => string }) => `${n.data("label")} · ${n.data("sublabel")}`,
    },
  },
  ...Object.entries(TIER_COLORS).map(([tier, color]) => ({
    selector: `node.tier-${tier}`,
    style: { "background-color": color },
  })),
  // A group of containers drawn as one: a container's disc, bigger with more members, ringed when not all run.
  {
    selector: "node.group",
    style: {
      shape: "ellipse",
      width: 34,
      height: 34,
      "background-color": STATE_COLORS["state-running"]?.color ?? "#16a34a",
      "border-width": 3,
      "border-color": "#14532d",
      "border-style": "double",
      "font-weight": "bold",
    },
  },
  { selector: "node.group-m", style: { width: 44, height: 44 } },
  { selector: "node.group-l", style: { width: 56, height: 56 } },
  { selector: "node.group-xl", style: { width: 70, height: 70 } },
  // Not all running: pale, its count of each state in its second line.
  { selector: "node.group-mixed", style: { "background-color": "#bbf7d0", "border-color": "#475569" } },
  { selector: "edge.merged", style: { width: 3 } },
  // The Linux layer: a container is a box holding its interfaces (its network namespace), titled by its name.
  {
    selector: "node.container:parent",
    style: {
      shape: "round-rectangle",
      "background-opacity": 0.12,
      "border-width": 2,
      "text-valign": "top",
      "text-halign": "center",
      "text-margin-y": -2,
      padding: "10px",
    },
  },
  // While a container is dragged: the networks it can be dropped on, to connect it.
  {
    selector: "node.drop-target",
    style: { "underlay-color": "#2563eb", "underlay-opacity": 0.18, "underlay-padding": 8 },
  },
  {
    selector: "node.tier-summary",
    style: {
      shape: "round-rectangle",
      width: 90,
      height: 40,
      "background-color": "#e2e8f0",
      "border-width": 2,
    },
  },
  {
    selector: "node.outside",
    style: { shape: "star", width: 34, height: 34, "background-color": "#0ea5e9" },
  },
  { selector: "edge.published", style: { "line-color": "#0ea5e9", "target-arrow-shape": "triangle" } },
  { selector: "edge.summary", style: { width: 3, "line-color": "#64748b" } },
  // Traffic (the map's Traffic switch): teal, and only for traffic; the width follows the rate on a log scale,
  // the dashes march (components/graph/traffic-edges.ts).
  {
    selector: "edge.busy",
    style: {
      "line-color": TRAFFIC_COLOR,
      "line-style": "dashed",
      "line-dash-pattern": [9, 5],
      width: "mapData(trafficLevel, 0, 1, 2.5, 11)",
    },
  },
  // Something that just came: a glow; something going: faded, then removed.
  {
    selector: "node.flash",
    style: { "underlay-color": "#22c55e", "underlay-opacity": 0.45, "underlay-padding": 8 },
  },
  { selector: "edge.flash", style: { "line-color": "#22c55e", width: 3 } },
  { selector: ".leaving", style: { opacity: 0.25, "underlay-color": "#ef4444", "underlay-opacity": 0.4 } },
  {
    selector: ".selected",
    style: { "overlay-color": "#f59e0b", "overlay-opacity": 0.25, "overlay-padding": 6 },
  },
  { selector: "edge.selected", style: { "line-color": "#f59e0b", width: 3 } },
  // A path (Can A reach B?) or a set of elements to show (search hits, a finding): the rest fades back; the path is
  // drawn in ink when it works, dashed crimson where it does not, and search hits get a blue ring.
  { selector: ".dimmed", style: { opacity: 0.16 } },
  {
    selector: "node.on-path",
    style: {
      opacity: 1,
      "border-width": 4,
      "border-color": PATH_COLORS.ok,
      "underlay-color": PATH_COLORS.ok,
      "underlay-opacity": 0.12,
      "underlay-padding": 6,
    },
  },
  {
    selector: "node.on-path.path-broken",
    style: { "border-color": PATH_COLORS.broken, "underlay-color": PATH_COLORS.broken },
  },
  {
    selector: "node.on-path.path-focus",
    style: {
      "border-color": PATH_COLORS.focus,
      "underlay-color": PATH_COLORS.focus,
      "underlay-opacity": 0.25,
    },
  },
  { selector: "node.path-context", style: { opacity: 1 } },
  { selector: "edge.on-path", style: { opacity: 1, width: 5, "line-color": PATH_COLORS.ok, "z-index": 10 } },
  {
    selector: "edge.on-path.path-broken",
    style: { "line-color": PATH_COLORS.broken, "line-style": "dashed" },
  },
  { selector: "edge.on-path.path-focus", style: { "line-color": PATH_COLORS.focus } },
];

/**
 * The stylesheet for the page's theme (components/ThemeSwitch.tsx). Dark: labels light on dark plates, boxes dark;
 * high contrast: labels black on opaque white, links darker and thicker. Colours that mean something (drivers,
 * states, tiers, paths) stay as they are; the path rules come last again so a theme never hides a path.
 */
export function themedStyle({ dark, contrast }: { dark: boolean; contrast: boolean }): StylesheetJson {
  if (!dark && !contrast) return graphStyle;
  const path = graphStyle.filter((rule) =>
    /on-path|path-/.test(String((rule as { selector: string }).selector)),
  );
  const theme: StylesheetJson = [];
  const pathTheme: StylesheetJson = [];
  if (dark) {
    theme.push(
      { selector: "node", style: { color: "#e2e8f0", "text-background-color": "#0f172a" } },
      { selector: "edge", style: { color: "#cbd5e1", "text-background-color": "#0f172a" } },
      {
        selector: "node.engine, node.tier",
        style: { "background-color": "#1e293b", "background-opacity": 0.7, "border-color": "#64748b" },
      },
      { selector: "node.container:parent", style: { "background-color": "#334155" } },
    );
    // A working path is drawn in ink: on a dark page the ink is light.
    pathTheme.push(
      { selector: "edge.on-path.path-ok", style: { "line-color": "#f8fafc" } },
      { selector: "node.on-path.path-ok", style: { "border-color": "#f8fafc", "underlay-color": "#f8fafc" } },
    );
  }
  if (contrast)
    theme.push(
      { selector: "node", style: { color: "#000000", "text-background-opacity": 1, "font-weight": "bold" } },
      {
        selector: "edge",
        style: { color: "#000000", "text-background-opacity": 1, "line-color": "#334155", width: 2.5 },
      },
      { selector: "node.network, node.container", style: { "border-width": 3, "border-color": "#000000" } },
    );
  return [...graphStyle, ...theme, ...path, ...pathTheme];
}

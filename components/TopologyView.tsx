"use client";
// The map page: the canvas, its toolbar and legend, the details of the selected element and the accessible list.
// Data arrives from the server render, then stays current through the live stream (GET /api/events).
// A lab or a class can drive part of it (`driver`): the step's focus, the pointer, the selection and layout of
// a presenter, a side panel and an overlay (components/labs).
import Link from "next/link";
import { type ReactNode, type RefObject, useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { FindingsDto } from "@/lib/api/reach";
import type { ApiErrorDetail, TopologyDto } from "@/lib/api/types";
import { useHostLayer } from "@/lib/client/hosts";
import { useLiveTopology } from "@/lib/client/live";
import { useLiveQuery } from "@/lib/client/live-query";
import { useTraffic } from "@/lib/client/traffic";
import { aggregateGraph } from "@/lib/topology/aggregate";
import { buildTopology } from "@/lib/topology/build";
import { toElements } from "@/lib/topology/elements";
import { toGraph } from "@/lib/topology/graph";
import { resolveFocus } from "@/lib/topology/lab-focus";
import { withLinuxLayer } from "@/lib/topology/linux-layer";
import { elementId, type TopologyModel } from "@/lib/topology/model";
import { search, searchIndex } from "@/lib/topology/search";
import { groupByTier } from "@/lib/topology/tier-groups";
import { inferTiers, TIER_ORDER, type Tier } from "@/lib/topology/tiers";
import { ConnectionIndicator } from "./ConnectionIndicator";
import { DetailsPanel, type MapIntent } from "./DetailsPanel";
import { ErrorScreen } from "./ErrorScreen";
import { GraphTwin } from "./GraphTwin";
import { CanvasButtons } from "./graph/CanvasButtons";
import { Legend } from "./graph/Legend";
import type { LayoutMode } from "./graph/layouts";
import { MapContextMenu, type MenuItem } from "./graph/MapContextMenu";
import { MapSearch } from "./graph/MapSearch";
import { MapShortcuts, type Shortcut } from "./graph/MapShortcuts";
import { MapViewControls } from "./graph/MapViewControls";
import { ReachBar } from "./graph/ReachBar";
import { elementOfRef, refOfElement, useReachMode } from "./graph/reach-mode";
import { type CanvasHandle, type Highlight, TopologyCanvas } from "./graph/TopologyCanvas";
import { useMapView, viewKey } from "./graph/view-state";
import { drawPointer, fitInto } from "./labs/canvas-class";
import { ConnectDialog } from "./network/ConnectDialog";
import { ReachPanel } from "./reach/ReachPanel";
import { SplitHandle, useSideSplit } from "./SplitHandle";
import { ExportMenu } from "./snapshot/ExportMenu";
import { applyTheme } from "./ThemeSwitch";
import { Timeline } from "./Timeline";
import { TrafficPanel } from "./traffic/TrafficPanel";

interface Props {
  initial: TopologyDto | null;
  initialError: ApiErrorDetail | null;
  /** Operators see change controls (hidden for viewers, and for everyone in read-only mode). */
  canOperate: boolean;
  /** The label key that names a tier (NETATLAS_TIER_LABEL). */
  tierLabel: string;
  /** A lab page or a follower drives part of the map; absent on the plain map. */
  driver?: MapDriver;
}

/** What a lab (components/labs) asks of the map. Every field is optional: absent, the map behaves as usual. */
export interface MapDriver {
  /** The step's focus as the lab names it ("container:lab-web"): highlighted and brought into view. */
  focus?: string[];
  /** Engines the lab's objects are on (focus names are looked for there); empty: all. */
  engines?: string[];
  /** The element being discussed: a ring on the map (presenter mode, and its followers). */
  pointer?: string | null;
  /** Presenter mode: a click (or Shift with the pointer over an element) marks the pointer. */
  onPointer?(id: string | null): void;
  /** A controlled selection (a follower shows the presenter's); undefined: the map's own. */
  selectedId?: string | null;
  onSelectedChange?(id: string | null): void;
  /** The layout the map must show (a follower's: the presenter's). */
  layout?: LayoutMode | null;
  onLayoutChange?(layout: LayoutMode): void;
  /** No change controls, whatever the role (a follower). */
  readOnly?: boolean;
  /** At the top of the side panel (the lab's steps). */
  panel?: ReactNode;
  /** Floats over the map (presenter mode); its parts marked data-map-cover are kept clear of the focus. */
  overlay?: ReactNode;
  /** Presenter mode: large type, the contrast theme, no toolbar or side panel (the overlay tells the story). */
  presenting?: boolean;
  /** The canvas, for the lab page's viewport broadcast and "fit". */
  canvasRef?: RefObject<CanvasHandle | null>;
}

export function TopologyView({ initial, initialError, canOperate: mayOperate, tierLabel, driver }: Props) {
  const canOperate = mayOperate && !driver?.readOnly;
  const live = useLiveTopology(initial);
  const [ownView, changeOwnView] = useMapView();
  // A driver's layout wins over the person's own; a layout chosen here is reported to it.
  const view = useMemo(
    () => (ownView && driver?.layout ? { ...ownView, layout: driver.layout } : ownView),
    [ownView, driver?.layout],
  );
  const changeView = changeOwnView;
  // The driver learns the layout shown (the presenter publishes it).
  const onLayoutChange = driver?.onLayoutChange;
  const shownLayout = view?.layout;
  useEffect(() => {
    if (shownLayout) onLayoutChange?.(shownLayout);
  }, [shownLayout, onLayoutChange]);
  const hostLayer = useHostLayer(view?.linux ?? false, live.version);
  const traffic = useTraffic(view?.traffic ?? false);
  const [ownSelectedId, setOwnSelectedId] = useState<string | null>(null);
  const controlled = driver?.selectedId !== undefined;
  const selectedId = controlled ? (driver?.selectedId ?? null) : ownSelectedId;
  const onSelectedChange = driver?.onSelectedChange;
  const selectedNow = useRef(selectedId);
  selectedNow.current = selectedId;
  const setSelectedId = useCallback(
    (next: string | null | ((now: string | null) => string | null)) => {
      const value = typeof next === "function" ? next(selectedNow.current) : next;
      setOwnSelectedId(value);
      if (value !== selectedNow.current) onSelectedChange?.(value);
    },
    [onSelectedChange],
  );
  /** A container dropped onto a network on the map: the connect dialog for that pair. */
  const [menu, setMenu] = useState<{ id: string; at: { x: number; y: number } } | null>(null);
  const [intent, setIntent] = useState<MapIntent | null>(null);
  const [dropped, setDropped] = useState<{ engine: string; networkId: string; containerId: string } | null>(
    null,
  );
  const ownCanvas = useRef<CanvasHandle>(null);
  const canvas = driver?.canvasRef ?? ownCanvas;
  const reach = useReachMode(live.version);
  const [hits, setHits] = useState<string[]>([]);
  const findings = useLiveQuery<FindingsDto>("/api/findings", live.version, 30_000, true);

  const model = useMemo(() => (live.topology ? buildTopology(live.topology) : null), [live.topology]);
  const index = useMemo(() => (model ? searchIndex(model) : []), [model]);
  const searchMap = useCallback((query: string) => search(index, query), [index]);
  const tiers = useMemo(
    () => (model ? inferTiers(model, { labelKey: tierLabel }) : null),
    [model, tierLabel],
  );
  const [split, setSplit, upperStyle] = useSideSplit();
  /** Groups drawn as their members (expanded in place), by group id. */
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set());
  // Docker's view, then what the switches add: the Linux layer's devices, tier bands instead of host boxes, and
  // containers that belong together drawn as one group when the map is large.
  const aggregated = useMemo(() => {
    if (!model || !tiers || !view) return null;
    let g = toGraph(model);
    if (view.linux && hostLayer.hosts) g = withLinuxLayer(g, model, hostLayer.hosts);
    if (view.layout === "tiered") g = groupByTier(g, model, tiers, new Set(view.collapsed as Tier[]));
    return aggregateGraph(g, model, view.grouping, expanded);
  }, [model, tiers, view, hostLayer.hosts, expanded]);
  const graph = aggregated?.graph ?? null;
  const groupOf = aggregated?.groupOf;
  /** An element id as drawn now: a container inside a group is drawn as its group. */
  const drawnAs = useCallback((id: string) => groupOf?.get(id) ?? id, [groupOf]);
  const expandKey = [...expanded].sort().join(",");
  // Traffic on the edges as drawn: an endpoint's edge, or (for a container drawn in a group) the group's edge to
  // that network, which then carries the sum of its members.
  const edgeRates = useMemo(() => {
    if (!view?.traffic || !graph) return null;
    const rates = new Map<string, number>();
    const endpoints = traffic.latest?.endpoints ?? [];
    if (!endpoints.length) return rates;
    const ids = new Set(graph.edges.map((e) => e.id));
    const byEnds = new Map<string, string>();
    for (const e of graph.edges) {
      byEnds.set(`${e.source}|${e.target}`, e.id);
      byEnds.set(`${e.target}|${e.source}`, e.id);
    }
    for (const t of endpoints) {
      if (!t.networkId || !t.totalBytes) continue;
      const id = ids.has(t.id)
        ? t.id
        : byEnds.get(
            `${drawnAs(elementId.container(t.engine, t.containerId))}|${elementId.network(t.engine, t.networkId)}`,
          );
      if (id) rates.set(id, (rates.get(id) ?? 0) + t.totalBytes);
    }
    return rates;
  }, [view?.traffic, graph, traffic.latest, drawnAs]);
  /** The group the selection is, or (opened) belongs to. */
  const groupOfSelection = useMemo(() => {
    if (!selectedId || !aggregated) return null;
    const drawn = aggregated.groupOf.get(selectedId) ?? selectedId;
    for (const [id, members] of aggregated.groups)
      if (id === drawn || (expanded.has(id) && members.includes(selectedId)))
        return { id, expanded: expanded.has(id), size: members.length };
    return null;
  }, [selectedId, aggregated, expanded]);
  const elements = useMemo(() => (graph ? toElements(graph) : []), [graph]);
  const bands = useMemo(
    () => TIER_ORDER.filter((t) => graph?.nodes.some((n) => n.id === elementId.tier(t))),
    [graph],
  );
  const toggleGroup = useCallback(
    (id: string) => {
      if (!view) return;
      if (id.startsWith("group:")) {
        // An opened group is no longer on the map: its details would say "nothing selected".
        setSelectedId((now) => (now === id ? null : now));
        setExpanded((now) => {
          const next = new Set(now);
          if (next.has(id)) next.delete(id);
          else next.add(id);
          return next;
        });
        return;
      }
      const tier = id.replace(/^tier(-summary)?:/, "");
      changeView({
        collapsed: view.collapsed.includes(tier)
          ? view.collapsed.filter((t) => t !== tier)
          : [...view.collapsed, tier],
      });
    },
    [view, changeView, setSelectedId],
  );

  const details = useRef<HTMLDivElement>(null);
  // Selected on the canvas: the panel shows it from the top; the view stays where the user put it.
  const onPointer = driver?.onPointer;
  const selectOnCanvas = useCallback(
    (id: string | null) => {
      setMenu(null);
      // In "Can A reach B?", a click on a container chooses From, then To.
      if (id && reach.pick(id)) return;
      setSelectedId(id);
      // Presenter mode: what is clicked is what is being discussed.
      onPointer?.(id);
      setIntent(null);
      details.current?.scrollTo({ top: 0 });
    },
    [reach.pick, setSelectedId, onPointer],
  );
  // Selected in the list: also bring it to the middle of the canvas.
  const selectInList = useCallback(
    (id: string) => {
      setSelectedId(id);
      setIntent(null);
      details.current?.scrollTo({ top: 0 });
      canvas.current?.focus(id);
    },
    [setSelectedId, canvas],
  );

  // A link with ?focus= (from a finding): show its first element's details.
  useEffect(() => {
    if (reach.focus[0]) setSelectedId(reach.focus[0]);
  }, [reach.focus, setSelectedId]);
  // The lab step's focus, as element ids of this map (names resolved through the model).
  const focusKey = driver?.focus?.join(",") ?? "";
  const engineKey = driver?.engines?.join(",") ?? "";
  const labFocus = useMemo(
    () =>
      model && focusKey
        ? resolveFocus(model, focusKey.split(","), engineKey ? engineKey.split(",") : []).ids
        : [],
    [model, focusKey, engineKey],
  );
  const highlight = useMemo((): Highlight | null => {
    if (reach.active) {
      if (reach.pair)
        return {
          ids: reach.pair.path,
          tone: reach.pair.verdict === "yes" || reach.pair.verdict === "partial" ? "ok" : "broken",
        };
      const chosen = [reach.from, reach.to].filter((r): r is string => !!r).map(elementOfRef);
      return chosen.length ? { ids: chosen, tone: "focus" } : null;
    }
    if (hits.length) return { ids: hits, tone: "focus" };
    if (labFocus.length) return { ids: labFocus, tone: "focus" };
    if (reach.focus.length) return { ids: reach.focus, tone: "focus" };
    return null;
  }, [reach.active, reach.pair, reach.from, reach.to, reach.focus, hits, labFocus]);
  // A path or a choice that runs through a grouped container is drawn through its group.
  const drawnHighlight = useMemo(
    (): Highlight | null =>
      highlight ? { ...highlight, ids: [...new Set(highlight.ids.map(drawnAs))] } : null,
    [highlight, drawnAs],
  );
  const drawn = elements.length > 0;
  const presenting = !!driver?.presenting;
  // The ring on the element being discussed: again when elements come (it may be new) or the theme restyles.
  const pointer = driver?.pointer ? drawnAs(driver.pointer) : null;
  // biome-ignore lint/correctness/useExhaustiveDependencies: elements: a new element may be the one pointed at
  useEffect(() => {
    const cy = canvas.current?.core();
    if (!cy) return;
    drawPointer(cy, pointer);
    const again = () => drawPointer(cy, pointer);
    window.addEventListener("netatlas-theme", again);
    return () => window.removeEventListener("netatlas-theme", again);
  }, [pointer, elements, canvas]);
  // Presenter mode: Shift with the pointer over an element marks it, as a click does (without selecting it).
  useEffect(() => {
    const cy = canvas.current?.core();
    if (!drawn || !cy || !driver?.presenting || !onPointer) return;
    const hover = (event: { target: { id(): string }; originalEvent?: MouseEvent }) => {
      if (event.originalEvent?.shiftKey) onPointer(event.target.id());
    };
    cy.on("mouseover", "node, edge", hover);
    return () => {
      cy.off("mouseover", "node, edge", hover);
    };
  }, [driver?.presenting, onPointer, canvas, drawn]);
  // Presenter mode: the contrast theme (bold labels on opaque plates); the person's own theme comes back after.
  // Labels grow by zooming in on the step's elements, not by a larger font: that would make them collide.
  useEffect(() => {
    if (!presenting) return;
    const own = (() => {
      try {
        return localStorage.getItem("netatlas.theme");
      } catch {
        return null;
      }
    })();
    applyTheme("contrast");
    return () => applyTheme(own === "light" || own === "dark" || own === "contrast" ? own : "system");
  }, [presenting]);
  // Presenter mode: what the step is about stays clear of the overlay (the canvas brings a new highlight into
  // view for the whole canvas; this moves it into the part nothing floats over). On entering, the focus or the
  // whole map; then each new focus. A step without one keeps the view where the presenter had it.
  const focusIdsKey = labFocus.join(" ");
  const presentedOnce = useRef(false);
  useEffect(() => {
    const cy = canvas.current?.core();
    if (!presenting || !drawn || !cy) {
      presentedOnce.current = false;
      return;
    }
    const entering = !presentedOnce.current;
    presentedOnce.current = true;
    if (!entering && !focusIdsKey) return;
    const on = focusIdsKey ? cy.elements(".on-path") : null;
    // After the overlay has its size (a frame), so the free area is measured as drawn.
    const frame = requestAnimationFrame(() => fitInto(cy, on));
    return () => cancelAnimationFrame(frame);
  }, [presenting, focusIdsKey, canvas, drawn]);
  // Search hits inside a group open it: the hit is then on the map to be focused and highlighted.
  useEffect(() => {
    if (!aggregated || hits.length === 0) return;
    const holding = hits.flatMap((id) => {
      const g = aggregated.groupOf.get(id);
      return g ? [g] : [];
    });
    if (holding.length) setExpanded((now) => new Set([...now, ...holding]));
  }, [hits, aggregated]);
  const serious =
    findings.data?.findings.filter((f) => f.severity === "high" || f.severity === "medium").length ?? 0;

  // Element ids "container:<engine>:<id>" and "network:<engine>:<id>" back to the objects they draw.
  const dropOnNetwork = useCallback(
    (containerElement: string, networkElement: string) => {
      const box = model?.containers.find((c) => elementId.container(c.engine, c.id) === containerElement);
      const net = model?.networks.find((n) => elementId.network(n.engine, n.id) === networkElement);
      if (box && net && box.engine === net.engine)
        setDropped({ engine: net.engine, networkId: net.id, containerId: box.id });
    },
    [model],
  );

  // Nothing to draw: no engine answers. The stream keeps trying; the map appears by itself when one does.
  const nothingUp = !model || (model.engines.every((e) => e.status !== "up") && model.networks.length === 0);
  const engineError = model?.engines.find((e) => e.error)?.error ?? initialError;
  if (nothingUp && engineError) {
    return (
      <div className="p-4">
        <ErrorScreen error={engineError} />
        <div className="mx-auto mt-4 flex max-w-2xl justify-center">
          <ConnectionIndicator connection={live.connection} feeds={live.feeds} onResync={live.resync} />
        </div>
        <p className="mt-2 text-center text-xs text-slate-500">
          This page keeps trying and shows the map as soon as an engine answers.
        </p>
      </div>
    );
  }
  if (!model || !graph || !view) return <p className="p-4 text-sm">Loading the map…</p>;

  const empty = model.containers.length === 0;
  const shortcuts: Shortcut[] = [
    { keys: ["/"], what: "search the map (name, IP, alias, MAC, label)" },
    { keys: ["f"], what: "fit the whole map", run: () => canvas.current?.fit() },
    { keys: ["+", "="], what: "zoom in", run: () => canvas.current?.zoom(1.25) },
    { keys: ["-"], what: "zoom out", run: () => canvas.current?.zoom(0.8) },
    { keys: ["1"], what: "Force layout", run: () => changeView({ layout: "fcose" }) },
    { keys: ["2"], what: "Tiered layout", run: () => changeView({ layout: "tiered" }) },
    { keys: ["3"], what: "Per host layout", run: () => changeView({ layout: "hosts" }) },
    { keys: ["l"], what: "Linux layer on or off", run: () => changeView({ linux: !view.linux }) },
    { keys: ["t"], what: "Traffic on or off", run: () => changeView({ traffic: !view.traffic }) },
    {
      keys: ["g"],
      what: "groups: above 50, always, never",
      run: () =>
        changeView({ grouping: view.grouping === "auto" ? "on" : view.grouping === "on" ? "off" : "auto" }),
    },
    {
      keys: ["r"],
      what: "Can A reach B?",
      run: () => (reach.active ? reach.stop() : reach.start(selectedId ? refOfElement(selectedId) : null)),
    },
  ];

  return (
    <div
      className="flex h-full"
      data-map-root
      data-selected={selectedId ?? ""}
      data-pointer={driver?.pointer ?? ""}
      data-focus={labFocus.join(" ")}
    >
      <div className="relative min-w-0 flex-1">
        <TopologyCanvas
          ref={canvas}
          elements={elements}
          layout={view.layout}
          // The Linux view begins when its devices arrive: until then the picture is the plain one.
          view={viewKey({ ...view, linux: view.linux && !!hostLayer.hosts })}
          onToggleGroup={toggleGroup}
          regrouped={expandKey}
          selectedId={selectedId ? drawnAs(selectedId) : null}
          highlight={drawnHighlight}
          onSelect={selectOnCanvas}
          onDropOnNetwork={canOperate ? dropOnNetwork : undefined}
          onContextMenu={(id, at) => setMenu({ id, at })}
          traffic={edgeRates}
        />
        {menu ? (
          <MapContextMenu
            title={`Actions for ${model.networks.find((n) => elementId.network(n.engine, n.id) === menu.id)?.name ?? model.containers.find((c) => elementId.container(c.engine, c.id) === menu.id)?.name ?? "this element"}`}
            items={menuItems(model, menu.id, canOperate)}
            at={menu.at}
            onClose={() => setMenu(null)}
            onChoose={(chosen) => {
              setMenu(null);
              if (chosen === "reach") {
                reach.start(refOfElement(menu.id));
                return;
              }
              setIntent(chosen);
              setSelectedId(menu.id);
            }}
          />
        ) : null}
        {driver?.overlay}
        {/* Presenter mode has its own keys (components/labs/LabView.tsx): the map's shortcuts are not mounted. */}
        {presenting ? null : (
          <div className="absolute left-3 top-3 flex flex-col items-start gap-1" data-map-overlay="top">
            <div className="flex items-center gap-1" role="toolbar" aria-label="Map tools">
              <CanvasButtons canvas={canvas} />
              <button
                type="button"
                aria-pressed={reach.active}
                onClick={() =>
                  reach.active ? reach.stop() : reach.start(selectedId ? refOfElement(selectedId) : null)
                }
                className={`rounded border px-2 py-1 text-xs shadow-sm ${reach.active ? "border-slate-800 bg-slate-800 text-white" : "border-slate-300 bg-white hover:bg-slate-100"}`}
              >
                Can A reach B?
              </button>
              <MapSearch search={searchMap} onHits={setHits} onChoose={selectInList} />
              <div className="relative">
                <MapShortcuts shortcuts={shortcuts} />
              </div>
              <ExportMenu core={() => canvas.current?.core() ?? null} fileBase="netatlas-map" />
              {serious > 0 ? (
                <Link
                  href="/findings"
                  className="rounded border border-amber-400 bg-amber-50 px-2 py-1 text-xs font-medium text-amber-900 shadow-sm hover:bg-amber-100"
                >
                  ⚠ {serious} finding{serious === 1 ? "" : "s"}
                </Link>
              ) : null}
            </div>
            <MapViewControls view={view} onChange={changeView} tiers={bands} hostLayer={hostLayer} />
          </div>
        )}
        <div
          className={`absolute right-3 top-3 rounded bg-white/90 p-1 shadow-sm ${presenting ? "hidden" : ""}`}
        >
          <ConnectionIndicator connection={live.connection} feeds={live.feeds} onResync={live.resync} />
        </div>
        {empty ? (
          <div className="pointer-events-none absolute inset-x-0 top-16 mx-auto w-fit rounded bg-white/90 p-3 text-sm shadow">
            No containers on {model.engines.length > 1 ? "these engines" : "this engine"} yet. Try{" "}
            <code className="font-mono">
              docker network create demo && docker run -d --network demo IMAGE
            </code>
            : it appears here by itself.
          </div>
        ) : null}
        {presenting ? null : <Legend tiered={view.layout === "tiered"} tierLabel={tierLabel} />}
      </div>
      {/* Details, timeline and list scroll on their own, so choosing in the list shows the details at once.
          Presenter mode hides the side (the overlay tells the story); the list stays for screen readers. */}
      <aside
        className={
          presenting
            ? "sr-only"
            : "flex min-h-0 w-[26rem] shrink-0 flex-col overflow-hidden border-l border-slate-200 bg-white"
        }
      >
        {driver?.panel ? (
          <div className="max-h-[75%] min-h-0 shrink-0 overflow-y-auto border-b border-slate-200">
            {driver.panel}
          </div>
        ) : null}
        {dropped ? (
          <div style={upperStyle} className="min-h-0 shrink overflow-y-auto px-3 pb-3">
            <ConnectDialog
              key={`${dropped.networkId}/${dropped.containerId}`}
              engine={dropped.engine}
              networks={model.networks}
              containers={model.containers}
              endpoints={model.endpoints}
              networkId={dropped.networkId}
              containerId={dropped.containerId}
              onClose={() => setDropped(null)}
            />
          </div>
        ) : null}
        {reach.active ? (
          // The answer is what the user came for: as tall as it needs (up to three quarters, or where the handle
          // below was set), the lists below get the rest.
          <div style={upperStyle} className="min-h-0 shrink overflow-y-auto">
            <ReachBar
              containers={model.containers}
              from={reach.from}
              to={reach.to}
              onChange={reach.set}
              onClose={reach.stop}
            />
            {reach.from && reach.to ? (
              <ReachPanel
                pair={reach.pair}
                loading={reach.loading}
                error={reach.error}
                canOperate={canOperate}
                topology={model}
                mapHref={null}
              />
            ) : null}
          </div>
        ) : selectedId ? (
          // What was chosen comes first: the details take what they need (up to three quarters, or where the
          // handle below was set), the changes and the list share the rest.
          <div ref={details} style={upperStyle} className="min-h-0 shrink overflow-y-auto">
            <DetailsPanel
              version={live.version}
              model={model}
              selectedId={selectedId}
              canOperate={canOperate}
              intent={intent}
              element={
                graph.nodes.find((n) => n.id === drawnAs(selectedId)) ??
                graph.edges.find((e) => e.id === selectedId)
              }
              group={groupOfSelection}
              onToggleGroup={toggleGroup}
              traffic={view.traffic ? traffic : null}
              feeds={live.feeds}
            />
          </div>
        ) : null}
        {dropped || reach.active || selectedId ? <SplitHandle share={split} onChange={setSplit} /> : null}
        {view.traffic ? (
          <div className="max-h-[40%] shrink-0 overflow-y-auto">
            <TrafficPanel traffic={traffic} model={model} onSelect={selectInList} />
          </div>
        ) : null}
        <div className="shrink-0">
          <Timeline entries={live.timeline} onFocus={selectInList} />
        </div>
        <div className="min-h-0 flex-1 overflow-y-auto">
          <GraphTwin
            graph={graph}
            selectedId={selectedId}
            onSelect={selectInList}
            highlight={drawnHighlight}
            traffic={edgeRates}
          />
        </div>
      </aside>
    </div>
  );
}

/** The context menu's entries for a map element: details always; the changes an operator may make. */
function menuItems(model: TopologyModel, id: string, canOperate: boolean): MenuItem[] {
  const items: MenuItem[] = [{ label: "Show details", intent: null }];
  if (id.startsWith("container:")) items.push({ label: "Can this reach…?", intent: "reach" });
  if (!canOperate) return items;
  const network = model.networks.find((n) => elementId.network(n.engine, n.id) === id);
  if (network) {
    items.push({ label: "Connect a container…", intent: "connect" });
    if (!network.system) items.push({ label: "Remove network…", intent: "remove" });
  } else if (model.containers.some((c) => elementId.container(c.engine, c.id) === id)) {
    items.push({ label: "Connect to a network…", intent: "connect" });
  } else if (id.startsWith("endpoint:")) {
    items.push({ label: "Disconnect…", intent: "disconnect" });
  }
  return items;
}

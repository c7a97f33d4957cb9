"use client";
// The map's view switches: layout (force, tiered, per host), the Linux layer, traffic, and, in the tiered layout, a
// collapse/expand switch per tier band (double-clicking a band does the same).
import type { HostLayerState } from "@/lib/client/hosts";
import { GROUP_ABOVE } from "@/lib/topology/aggregate";
import { TIER_NAME, type Tier } from "@/lib/topology/tiers";
import { LAYOUTS } from "./layouts";
import type { MapView } from "./view-state";

interface Props {
  view: MapView;
  onChange(change: Partial<MapView>): void;
  /** The tier bands drawn now, outside first. */
  tiers: string[];
  hostLayer: HostLayerState;
}

const button = "rounded border px-2 py-1 text-xs shadow-sm";
const on = "border-slate-700 bg-slate-800 text-white";
const off = "border-slate-300 bg-white hover:bg-slate-100";

const GROUPING_HELP =
  "Draw the containers of one Compose service, one swarm service, or on the same networks as one node with a count";

export function MapViewControls({ view, onChange, tiers, hostLayer }: Props) {
  const unavailable = (hostLayer.hosts ?? []).filter((h) => h.unavailable);
  return (
    <div className="flex flex-col items-start gap-1">
      <fieldset className="flex flex-wrap gap-1">
        <legend className="sr-only">Layout</legend>
        {LAYOUTS.map((l) => (
          <button
            key={l.mode}
            type="button"
            title={l.help}
            aria-pressed={view.layout === l.mode}
            onClick={() => onChange({ layout: l.mode })}
            className={`${button} ${view.layout === l.mode ? on : off}`}
          >
            {l.label}
          </button>
        ))}
        <label
          className={`${button} flex cursor-pointer items-center gap-1 ${view.linux ? on : off}`}
          title="Show what Docker built on each host: bridges, veth pairs, VXLAN devices"
        >
          <input
            type="checkbox"
            role="switch"
            aria-checked={view.linux}
            checked={view.linux}
            onChange={(event) => onChange({ linux: event.target.checked })}
            className="h-3 w-3"
          />
          Linux layer
        </label>
        <label
          className={`${button} flex cursor-pointer items-center gap-1 ${view.traffic ? on : off}`}
          title="Each endpoint's bytes per second on its edge, sampled every 2 s while this is on"
        >
          <input
            type="checkbox"
            role="switch"
            aria-checked={view.traffic}
            checked={view.traffic}
            onChange={(event) => onChange({ traffic: event.target.checked })}
            className="h-3 w-3"
          />
          Traffic
        </label>
        <label className={`${button} flex items-center gap-1 ${off}`} title={GROUPING_HELP}>
          Groups
          <select
            aria-label="Group containers"
            value={view.grouping}
            onChange={(event) => onChange({ grouping: event.target.value as MapView["grouping"] })}
            className="bg-transparent text-xs"
          >
            <option value="auto">above {GROUP_ABOVE}</option>
            <option value="on">always</option>
            <option value="off">never</option>
          </select>
        </label>
      </fieldset>
      {view.layout === "tiered" && tiers.length > 0 ? (
        <fieldset className="flex flex-wrap gap-1">
          <legend className="sr-only">Tier bands</legend>
          {tiers.map((tier) => {
            const collapsed = view.collapsed.includes(tier);
            return (
              <button
                key={tier}
                type="button"
                aria-pressed={collapsed}
                onClick={() =>
                  onChange({
                    collapsed: collapsed
                      ? view.collapsed.filter((t) => t !== tier)
                      : [...view.collapsed, tier],
                  })
                }
                className={`${button} ${collapsed ? on : off}`}
              >
                {collapsed ? "Expand" : "Collapse"} {TIER_NAME[tier as Tier] ?? tier}
              </button>
            );
          })}
        </fieldset>
      ) : null}
      {view.linux ? (
        <p className="max-w-md rounded bg-white/90 px-2 py-1 text-xs text-slate-700 shadow-sm" role="status">
          {hostLayer.error
            ? `Linux layer: ${hostLayer.error.message}`
            : hostLayer.loading && !hostLayer.hosts
              ? "Reading the hosts' interfaces…"
              : unavailable.length
                ? unavailable
                    .map((h) => `${h.engine}: host details unavailable (${h.unavailable})`)
                    .join("; ")
                : "Linux layer: bridges, veth pairs and VXLAN devices as the hosts' namespaces show them."}
        </p>
      ) : null}
    </div>
  );
}

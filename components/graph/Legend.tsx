// The key to the map's shapes and colours, drawn from the same tables as the canvas style, and in the tiered
// layout the rules that put each network and container in its band.
import { TIER_NAME, TIER_RULES } from "@/lib/topology/tiers";
import { DRIVER_COLORS, STATE_COLORS, TIER_COLORS, TRAFFIC_COLOR } from "./style";

interface Props {
  tiered: boolean;
  tierLabel: string;
}

export function Legend({ tiered, tierLabel }: Props) {
  return (
    <details
      // Closed until asked for: open, it would cover the map's lower left (the tiered bands too).
      className="absolute bottom-3 left-3 max-w-xl rounded border border-slate-200 bg-white/95 p-2 text-xs shadow-sm"
    >
      <summary className="cursor-pointer font-medium">Legend</summary>
      {tiered ? (
        <section className="mt-2" aria-label="Tier rules">
          <p className="mb-1">
            Label <code className="font-mono">{tierLabel}</code> on a network or container sets its tier;
            unlabelled ones are inferred (marked “inferred”):
          </p>
          <ul className="space-y-0.5">
            {TIER_RULES.map((r) => (
              <li key={r.tier} className="flex items-start gap-1.5">
                <span
                  className="mt-0.5 inline-block h-3 w-4 shrink-0 rounded-sm border border-slate-400"
                  style={{ background: TIER_COLORS[r.tier] }}
                />
                <span>
                  <b>{TIER_NAME[r.tier]}</b>: {r.rule}
                </span>
              </li>
            ))}
          </ul>
          <p className="mt-1 text-slate-600">
            Double-click a band (or use its button) to collapse or expand it.
          </p>
        </section>
      ) : null}
      <Shapes open={!tiered} />
    </details>
  );
}

/** Shapes and colours; in the tiered layout folded away under the tier rules, to keep the bands in view. */
function Shapes({ open }: { open: boolean }) {
  return (
    <details open={open || undefined} className="mt-2">
      <summary className="cursor-pointer">Shapes and colours</summary>
      <ul className="mt-2 grid grid-cols-2 gap-x-4 gap-y-1">
        {Object.entries(DRIVER_COLORS).map(([cls, v]) => (
          <li key={cls} className="flex items-center gap-1.5">
            <span className="inline-block h-3 w-4 rounded-sm" style={{ background: v.color }} />
            {v.label}
          </li>
        ))}
        {Object.entries(STATE_COLORS).map(([cls, v]) => (
          <li key={cls} className="flex items-center gap-1.5">
            <span className="inline-block h-3 w-3 rounded-full" style={{ background: v.color }} />
            container {v.label}
          </li>
        ))}
        <li>double ring, ×N: a group of containers (pale: not all running); double-click to open</li>
        <li>dashed border: internal network</li>
        <li>dashed line: configured, not running</li>
        <li>red ring: host network mode</li>
        <li>purple arrow: shares another container's stack</li>
        <li>violet barrel: swarm service (arrows to its tasks)</li>
        <li>
          thick dashed line: VXLAN tunnel between hosts (🔒 green: encrypted; red dotted, with the Linux layer
          on: IPsec missing, traffic dropped)
        </li>
        <li>Linux layer: yellow squares eth0 ⇄ veth… (a veth pair) to the bridge</li>
        <li>pink box: macvlan/ipvlan parent, or the host's own stack</li>
        <li className="flex items-center gap-1.5">
          <span className="inline-block h-1 w-5 rounded-sm" style={{ background: TRAFFIC_COLOR }} />
          Traffic switch on: marching teal line, thicker = more bytes per second
        </li>
      </ul>
    </details>
  );
}

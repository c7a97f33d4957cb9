// The key to the map's shapes and colours, drawn from the same tables as the canvas style.
import { DRIVER_COLORS, STATE_COLORS } from "./style";

export function Legend() {
  return (
    <details className="absolute bottom-3 left-3 rounded border border-slate-200 bg-white/95 p-2 text-xs shadow-sm">
      <summary className="cursor-pointer font-medium">Legend</summary>
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
        <li>dashed border: internal network</li>
        <li>dashed line: configured, not running</li>
        <li>red ring: host network mode</li>
        <li>purple arrow: shares another container's stack</li>
      </ul>
    </details>
  );
}

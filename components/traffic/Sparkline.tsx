// The last minutes of one endpoint's traffic as two lines (in solid, out dashed) in the traffic colour, with
// the latest values in words beside them: small enough for the details panel, readable on a projector.
import { TRAFFIC_COLOR } from "@/components/graph/style";
import type { TrafficHistory } from "@/lib/api/traffic";
import { formatRate } from "@/lib/client/traffic";

const W = 240;
const H = 48;

function points(values: Array<number | null>, max: number): string {
  const n = values.length;
  return values
    .map((v, i) =>
      v === null
        ? null
        : `${((i / Math.max(1, n - 1)) * W).toFixed(1)},${(H - 2 - (v / max) * (H - 4)).toFixed(1)}`,
    )
    .filter(Boolean)
    .join(" ");
}

export function Sparkline({
  history,
  label,
}: {
  history: TrafficHistory[string] | undefined;
  label: string;
}) {
  if (!history || history.at.length < 2) {
    return <p className="text-xs text-slate-500">Collecting samples (every 2 s)…</p>;
  }
  const max = Math.max(1, ...history.rxBytes.map((v) => v ?? 0), ...history.txBytes.map((v) => v ?? 0));
  const last = (list: Array<number | null>) => list[list.length - 1] ?? 0;
  const minutes = Math.max(
    1,
    Math.round(((history.at[history.at.length - 1] ?? 0) - (history.at[0] ?? 0)) / 60_000),
  );
  return (
    <figure className="mt-1" aria-label={label}>
      <svg
        width={W}
        height={H}
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-label={`${label}: in ${formatRate(last(history.rxBytes))}, out ${formatRate(last(history.txBytes))}`}
        className="rounded bg-slate-50"
      >
        <polyline
          fill="none"
          stroke={TRAFFIC_COLOR}
          strokeWidth={1.8}
          points={points(history.rxBytes, max)}
        />
        <polyline
          fill="none"
          stroke={TRAFFIC_COLOR}
          strokeWidth={1.2}
          strokeDasharray="4 3"
          points={points(history.txBytes, max)}
        />
      </svg>
      <figcaption className="mt-0.5 flex gap-3 text-xs text-slate-700">
        <span>
          <span aria-hidden="true" style={{ color: TRAFFIC_COLOR }}>
            ━
          </span>{" "}
          in {formatRate(last(history.rxBytes))}
        </span>
        <span>
          <span aria-hidden="true" style={{ color: TRAFFIC_COLOR }}>
            ┅
          </span>{" "}
          out {formatRate(last(history.txBytes))}
        </span>
        <span className="text-slate-500">
          last {minutes} min, peak {formatRate(max)}
        </span>
      </figcaption>
    </figure>
  );
}

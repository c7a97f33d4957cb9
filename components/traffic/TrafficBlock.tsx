// Traffic in the details panel (Traffic switch on): a sparkline of the last minutes per endpoint of the
// selection, and for a network its total now.
import type { TrafficState } from "@/lib/client/traffic";
import { formatRate } from "@/lib/client/traffic";
import { Sparkline } from "./Sparkline";

export function TrafficBlock({
  traffic,
  endpoints,
  network,
}: {
  traffic: TrafficState;
  /** The endpoint element ids to draw, with what to call each. */
  endpoints: { id: string; label: string }[];
  network?: { engine: string; networkId: string };
}) {
  const total = network
    ? traffic.latest?.networks.find((n) => n.engine === network.engine && n.networkId === network.networkId)
    : null;
  const source = traffic.latest?.endpoints.find((e) => endpoints.some((x) => x.id === e.id))?.source;
  return (
    <section aria-label="Traffic of the selection" className="mt-3 rounded border border-slate-200 p-2">
      <h3 className="font-semibold">Traffic</h3>
      {network ? (
        <p className="text-sm">
          All its endpoints together: <span className="font-mono">{formatRate(total?.totalBytes ?? 0)}</span>
        </p>
      ) : null}
      {endpoints.map((e) => (
        <div key={e.id} className="mt-1">
          {endpoints.length > 1 || network ? <p className="text-xs font-medium">{e.label}</p> : null}
          <Sparkline history={traffic.history[e.id]} label={`Traffic of ${e.label}`} />
        </div>
      ))}
      {source ? (
        <p className="mt-1 text-xs text-slate-500">From the {source}; the container's side.</p>
      ) : null}
    </section>
  );
}

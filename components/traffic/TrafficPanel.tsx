// With the map's Traffic switch on: the top talkers (endpoints by bytes per second, in and out), each network's
// total, and where the numbers come from per engine (the host's interface counters, or the Engine API's
// container stats), so a person knows what they are looking at. A click on a talker selects its edge.
import type { TrafficMessage } from "@/lib/api/traffic";
import { formatRate, type TrafficState } from "@/lib/client/traffic";
import type { TopologyModel } from "@/lib/topology/model";

export function TrafficPanel({
  traffic,
  model,
  onSelect,
}: {
  traffic: TrafficState;
  model: TopologyModel;
  onSelect(id: string): void;
}) {
  const latest: TrafficMessage | null = traffic.latest;
  const containerName = (engine: string, id: string) =>
    model.containers.find((c) => c.engine === engine && c.id === id)?.name ?? id.slice(0, 12);
  const networkName = (engine: string, id: string | null) =>
    id ? (model.networks.find((n) => n.engine === engine && n.id === id)?.name ?? id.slice(0, 12)) : null;
  const byId = new Map(latest?.endpoints.map((e) => [e.id, e]) ?? []);
  const networks = [...(latest?.networks ?? [])]
    .filter((n) => n.totalBytes > 0)
    .sort((a, b) => b.totalBytes - a.totalBytes);
  return (
    <section aria-label="Traffic" className="border-b border-slate-200 p-3 text-sm">
      <h2 className="font-semibold">Traffic</h2>
      {traffic.error ? <p className="text-xs text-amber-800">{traffic.error}</p> : null}
      {!latest ? (
        <p className="text-xs text-slate-500">Reading the counters (every 2 s)…</p>
      ) : (
        <>
          <h3 className="mt-2 text-xs font-semibold uppercase tracking-wide text-slate-500">Top talkers</h3>
          {latest.top.length === 0 ? (
            <p className="text-xs text-slate-600">Nothing is flowing now.</p>
          ) : (
            <ol aria-label="Top talkers" className="mt-1 space-y-0.5">
              {latest.top.map((t) => {
                const e = byId.get(t.id);
                if (!e) return null;
                const net = networkName(e.engine, e.networkId);
                return (
                  <li key={t.id} data-element-id={t.id} data-bytes={Math.round(t.totalBytes)}>
                    <button
                      type="button"
                      onClick={() => onSelect(t.id)}
                      className="flex w-full justify-between gap-2 rounded px-1 text-left hover:bg-slate-100"
                    >
                      <span className="truncate">
                        {containerName(e.engine, e.containerId)}
                        {net ? <span className="text-slate-500"> on {net}</span> : null}
                      </span>
                      <span className="shrink-0 font-mono text-xs">
                        ↓{formatRate(e.rates?.rxBytes ?? 0)} ↑{formatRate(e.rates?.txBytes ?? 0)}
                      </span>
                    </button>
                  </li>
                );
              })}
            </ol>
          )}
          {networks.length ? (
            <>
              <h3 className="mt-2 text-xs font-semibold uppercase tracking-wide text-slate-500">Networks</h3>
              <ul aria-label="Network totals" className="mt-1 space-y-0.5">
                {networks.map((n) => (
                  <li key={`${n.engine}/${n.networkId}`} className="flex justify-between gap-2 px-1">
                    <span className="truncate">{networkName(n.engine, n.networkId)}</span>
                    <span className="font-mono text-xs">{formatRate(n.totalBytes)}</span>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          <p className="mt-2 text-xs text-slate-500">
            Rates are from each container's side (↓ in, ↑ out).{" "}
            {latest.engines
              .map(
                (e) =>
                  `${e.engine}: ${e.state === "sampling" ? e.source : `${e.state}${e.message ? ` (${e.message})` : ""}`}`,
              )
              .join("; ")}
            .
          </p>
        </>
      )}
    </section>
  );
}

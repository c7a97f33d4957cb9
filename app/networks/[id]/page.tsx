// `/networks/:id`: one network's facts and every container on it with its addresses and aliases.
import Link from "next/link";
import { NetworkDnsTable } from "@/components/dns/DnsTables";
import { ErrorScreen } from "@/components/ErrorScreen";
import { ConnectToggle } from "@/components/network/ConnectToggle";
import { DisconnectButton } from "@/components/network/DisconnectButton";
import { RemoveNetworkButton } from "@/components/network/RemoveNetworkButton";
import { networkFields } from "@/components/object-fields";
import { DetailFrame } from "@/components/PageFrame";
import { networkDns } from "@/lib/analysis/dns";
import { managedBy } from "@/lib/analysis/impact";
import { isDefaultBridge } from "@/lib/analysis/stacks";
import { parseEngineId, parseRef } from "@/lib/api/refs";
import { operands, shellCommand } from "@/lib/api/shell";
import { sessionInfo } from "@/lib/auth/account";
import { requirePage } from "@/lib/auth/page";
import { findNetwork } from "@/lib/docker/engines";
import { load } from "@/lib/http/load";
import { analysisContext } from "@/lib/live/analysis";
import { currentTopology } from "@/lib/live/hub";
import { userAliases } from "@/lib/topology/format";

function NetworkTabs({
  current,
  href,
  containers,
}: {
  current: "containers" | "dns";
  href(tab: string | null): string;
  containers: number;
}) {
  const tab = (id: "containers" | "dns", label: string) => (
    <Link
      href={href(id === "containers" ? null : id)}
      role="tab"
      aria-selected={current === id}
      className={`rounded-t border-b-2 px-3 py-1 text-sm ${current === id ? "border-blue-700 font-semibold text-blue-900" : "border-transparent text-slate-600 hover:text-slate-900"}`}
    >
      {label}
    </Link>
  );
  return (
    <div role="tablist" aria-label="Network views" className="mb-3 flex gap-1 border-b border-slate-200">
      {tab("containers", `Containers (${containers})`)}
      {tab("dns", "DNS")}
    </div>
  );
}

export const dynamic = "force-dynamic";

interface Props {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ engine?: string; tab?: string }>;
}

export default async function NetworkPage({ params, searchParams }: Props) {
  const { id } = await params;
  const { engine, tab } = await searchParams;
  const query = new URLSearchParams({ ...(engine ? { engine } : {}), ...(tab ? { tab } : {}) });
  const { principal } = await requirePage(
    `/networks/${encodeURIComponent(id)}${query.size ? `?${query}` : ""}`,
  );
  const { data, error } = await load(async () => findNetwork(parseRef("network", id), parseEngineId(engine)));
  if (error) return <ErrorScreen error={error} />;
  const { network, containers, endpoints } = data;
  const operate = sessionInfo(principal).can.operate;
  const tabHref = (t: string | null) => {
    const q = new URLSearchParams({ engine: network.engine, ...(t ? { tab: t } : {}) });
    return `/networks/${network.id}?${q}`;
  };
  if (tab === "dns") {
    const { ix } = await analysisContext();
    const inStore = ix.model.networks.find((n) => n.engine === network.engine && n.id === network.id);
    return (
      <DetailFrame
        kind="Network"
        name={network.name}
        fields={networkFields(network, endpoints)}
        command={shellCommand("docker", "network", "inspect", ...operands(network.name))}
      >
        <NetworkTabs current="dns" href={tabHref} containers={containers.length} />
        {inStore ? (
          <NetworkDnsTable dns={networkDns(ix, inStore)} />
        ) : (
          <p className="text-sm text-slate-600">This network has just changed: reload in a moment.</p>
        )}
      </DetailFrame>
    );
  }
  // Connect and disconnect need the whole engine (candidates, and what each container keeps over other networks).
  const topology = operate ? (await load(currentTopology)).data : null;
  return (
    <DetailFrame
      kind="Network"
      name={network.name}
      fields={networkFields(network, endpoints)}
      command={shellCommand("docker", "network", "inspect", ...operands(network.name))}
    >
      <NetworkTabs current="containers" href={tabHref} containers={containers.length} />
      {operate ? (
        <RemoveNetworkButton
          managedBy={managedBy(network.labels)}
          engine={network.engine}
          id={network.id}
          name={network.name}
          system={network.system}
          containers={containers.map((c) => c.name)}
          after="/networks"
        />
      ) : null}
      <table className="w-full bg-white text-sm" aria-label="Containers on this network">
        <thead>
          <tr className="border-b text-left">
            {[
              "Container",
              "State",
              "IPv4",
              "IPv6",
              "MAC",
              "Aliases",
              "DNS names",
              ...(topology ? [""] : []),
            ].map((h) => (
              <th key={h} scope="col" className="px-2 py-1 font-medium">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {endpoints.map((e) => {
            const c = containers.find((x) => x.id === e.containerId);
            return (
              <tr key={e.containerId} className="border-b border-slate-100 font-mono text-xs">
                <td className="px-2 py-1 font-sans text-sm">
                  <Link
                    className="text-blue-700 hover:underline"
                    href={`/containers/${e.containerId}?engine=${network.engine}`}
                  >
                    {c?.name ?? e.containerId.slice(0, 12)}
                  </Link>
                </td>
                <td className="px-2 py-1">{c?.state}</td>
                <td className="px-2 py-1">{e.ipv4Address ?? "–"}</td>
                <td className="px-2 py-1">{e.ipv6Address ?? "–"}</td>
                <td className="px-2 py-1">{e.macAddress ?? "–"}</td>
                <td className="px-2 py-1">{userAliases(e).join(", ") || "–"}</td>
                <td className="px-2 py-1">
                  {isDefaultBridge(network)
                    ? "none (no DNS here)"
                    : (e.dnsNames?.join(", ") ?? "see DNS tab")}
                </td>
                {topology ? (
                  <td className="px-2 py-1 font-sans">
                    <DisconnectButton
                      topology={topology}
                      engine={network.engine}
                      networkId={network.id}
                      containerId={e.containerId}
                    />
                  </td>
                ) : null}
              </tr>
            );
          })}
        </tbody>
      </table>
      {topology ? (
        <ConnectToggle
          label="Connect a container"
          engine={network.engine}
          networks={topology.networks}
          containers={topology.containers}
          endpoints={topology.endpoints}
          networkId={network.id}
        />
      ) : null}
      {endpoints.length === 0 ? (
        <p className="mt-2 text-sm text-slate-500">No container is on this network.</p>
      ) : null}
    </DetailFrame>
  );
}

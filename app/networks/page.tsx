// `/networks`: every network with its subnet, gateway, flags and number of containers.
import { ErrorScreen } from "@/components/ErrorScreen";
import { NetworksTable } from "@/components/NetworksTable";
import { CreateNetworkForm } from "@/components/network/CreateNetworkForm";
import { PruneButton } from "@/components/network/PruneButton";
import { ListFrame } from "@/components/PageFrame";
import { sessionInfo } from "@/lib/auth/account";
import { requirePage } from "@/lib/auth/page";
import { load } from "@/lib/http/load";
import { currentTopology } from "@/lib/live/hub";
import { buildTopology } from "@/lib/topology/build";

export const dynamic = "force-dynamic";

export default async function NetworksPage({ searchParams }: { searchParams: Promise<{ q?: string }> }) {
  const { q } = await searchParams;
  const { principal } = await requirePage(q ? `/networks?q=${encodeURIComponent(q)}` : "/networks");
  const { data, error } = await load(currentTopology);
  if (error) return <ErrorScreen error={error} />;
  const model = buildTopology(data);
  const rows = model.networks.map((network) => ({
    network,
    containers: model.endpoints.filter((e) => e.engine === network.engine && e.networkId === network.id)
      .length,
  }));
  const operate = sessionInfo(principal).can.operate;
  const up = model.engines.filter((e) => e.status === "up").map((e) => e.id);
  return (
    <ListFrame title="Networks" engines={model.engines}>
      {operate ? <CreateNetworkForm engines={up} networks={model.networks} /> : null}
      {operate ? up.map((engine) => <PruneButton key={engine} engine={engine} />) : null}
      <NetworksTable rows={rows} initialFilter={q} />
    </ListFrame>
  );
}

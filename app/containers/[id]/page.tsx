// `/containers/:id`: one container's facts and each of its network attachments in full.
import Link from "next/link";
import { ContainerDnsTable } from "@/components/dns/DnsTables";
import { ErrorScreen } from "@/components/ErrorScreen";
import { Fields } from "@/components/Fields";
import { ConnectToggle } from "@/components/network/ConnectToggle";
import { DisconnectButton } from "@/components/network/DisconnectButton";
import { containerFields, endpointFields } from "@/components/object-fields";
import { DetailFrame } from "@/components/PageFrame";
import { containerDns } from "@/lib/analysis/dns";
import { parseEngineId, parseRef } from "@/lib/api/refs";
import { operands, shellCommand } from "@/lib/api/shell";
import { sessionInfo } from "@/lib/auth/account";
import { requirePage } from "@/lib/auth/page";
import { findContainer } from "@/lib/docker/engines";
import { load } from "@/lib/http/load";
import { analysisContext } from "@/lib/live/analysis";
import { currentTopology } from "@/lib/live/hub";

export const dynamic = "force-dynamic";

/** The container's resolver and the names it can use, from the same model as GET /api/dns. */
async function DnsBlock({ engine, id, canCheck }: { engine: string; id: string; canCheck: boolean }) {
  const { ix } = await analysisContext();
  const c = ix.container(engine, id);
  if (!c) return null;
  return (
    <section className="mt-4 rounded border border-slate-200 bg-white p-3">
      <h2 className="mb-2 font-semibold">DNS: names it can use</h2>
      <ContainerDnsTable dns={containerDns(ix, c)} canCheck={canCheck && c.state === "running"} />
    </section>
  );
}

interface Props {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ engine?: string }>;
}

export default async function ContainerPage({ params, searchParams }: Props) {
  const { id } = await params;
  const { engine } = await searchParams;
  const { principal } = await requirePage(
    `/containers/${encodeURIComponent(id)}${engine ? `?engine=${encodeURIComponent(engine)}` : ""}`,
  );
  const { data, error } = await load(async () =>
    findContainer(parseRef("container", id), parseEngineId(engine)),
  );
  if (error) return <ErrorScreen error={error} />;
  const { container, endpoints, networks } = data;
  // Connect and disconnect need the whole engine (candidates, and what the container keeps elsewhere).
  const topology = sessionInfo(principal).can.operate ? (await load(currentTopology)).data : null;
  return (
    <DetailFrame
      kind="Container"
      name={container.name}
      fields={containerFields(container)}
      command={shellCommand("docker", "inspect", ...operands(container.name))}
    >
      <h2 className="mb-2 font-semibold">Networks ({endpoints.length})</h2>
      {endpoints.map((e) => {
        const network = networks.find((n) => n.id === e.networkId);
        return (
          <div key={e.networkName} className="mb-3 rounded border border-slate-200 bg-white p-3">
            <h3 className="mb-1 text-sm font-medium">
              {network ? (
                <Link
                  className="text-blue-700 hover:underline"
                  href={`/networks/${network.id}?engine=${container.engine}`}
                >
                  {e.networkName}
                </Link>
              ) : (
                e.networkName
              )}
            </h3>
            <Fields fields={endpointFields(e, network)} label={`Endpoint on ${e.networkName}`} />
            {topology ? (
              <div className="mt-2">
                <DisconnectButton
                  topology={topology}
                  engine={container.engine}
                  networkId={e.networkId}
                  containerId={container.id}
                />
              </div>
            ) : null}
          </div>
        );
      })}
      <DnsBlock engine={container.engine} id={container.id} canCheck={sessionInfo(principal).can.operate} />
      {topology ? (
        <ConnectToggle
          label="Connect to a network"
          engine={container.engine}
          networks={topology.networks}
          containers={topology.containers}
          endpoints={topology.endpoints}
          containerId={container.id}
        />
      ) : null}
    </DetailFrame>
  );
}

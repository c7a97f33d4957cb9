// `/`: the topology map of every configured engine.
import { TopologyView } from "@/components/TopologyView";
import { readTopology } from "@/lib/docker/engines";
import { load } from "@/lib/http/load";

export const dynamic = "force-dynamic";

export default async function MapPage() {
  const { data, error } = await load(readTopology);
  return <TopologyView initial={data} initialError={error} />;
}

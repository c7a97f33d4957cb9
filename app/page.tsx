// `/`: the topology map of every configured engine.
import { TopologyView } from "@/components/TopologyView";
import { load } from "@/lib/http/load";
import { currentTopology } from "@/lib/live/hub";

export const dynamic = "force-dynamic";

export default async function MapPage() {
  const { data, error } = await load(currentTopology);
  return <TopologyView initial={data} initialError={error} />;
}

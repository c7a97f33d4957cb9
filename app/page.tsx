// `/`: the topology map of every configured engine.
import { TopologyView } from "@/components/TopologyView";
import { load } from "@/lib/http/load";
import { currentTopology } from "@/lib/live/hub";
import { requirePage } from "@/lib/auth/page";

export const dynamic = "force-dynamic";

export default async function MapPage() {
  await requirePage("/");
  const { data, error } = await load(currentTopology);
  return <TopologyView initial={data} initialError={error} />;
}

// `/`: the topology map of every configured engine.
import { TopologyView } from "@/components/TopologyView";
import { load } from "@/lib/http/load";
import { currentTopology } from "@/lib/live/hub";
import { sessionInfo } from "@/lib/auth/account";
import { requirePage } from "@/lib/auth/page";

export const dynamic = "force-dynamic";

export default async function MapPage() {
  const { principal } = await requirePage("/");
  const { data, error } = await load(currentTopology);
  return <TopologyView initial={data} initialError={error} canOperate={sessionInfo(principal).can.operate} />;
}

// `/`: the topology map of every configured engine.
import { TopologyView } from "@/components/TopologyView";
import { sessionInfo } from "@/lib/auth/account";
import { requirePage } from "@/lib/auth/page";
import { load } from "@/lib/http/load";
import { currentTopology } from "@/lib/live/hub";
import { tierLabelKey } from "@/lib/settings/map";

export const dynamic = "force-dynamic";

export default async function MapPage() {
  const { principal } = await requirePage("/");
  const { data, error } = await load(currentTopology);
  return (
    <TopologyView
      initial={data}
      initialError={error}
      canOperate={sessionInfo(principal).can.operate}
      tierLabel={tierLabelKey()}
    />
  );
}

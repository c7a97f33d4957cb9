// `/labs/<id>`: one lab beside the live map (?step=n, ?present=1 for presenter mode). The lab itself is read by
// the page from GET /api/labs/<id>; operators get the buttons that run it.
import { LabView } from "@/components/labs/LabView";
import { sessionInfo } from "@/lib/auth/account";
import { requirePage } from "@/lib/auth/page";
import { load } from "@/lib/http/load";
import { currentTopology } from "@/lib/live/hub";
import { tierLabelKey } from "@/lib/settings/map";

export const dynamic = "force-dynamic";

export default async function LabPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { id } = await params;
  const query = await searchParams;
  const { principal } = await requirePage(`/labs/${encodeURIComponent(id)}`);
  const { data, error } = await load(currentTopology);
  const step = Number(query.step);
  return (
    <LabView
      id={id}
      initial={data}
      initialError={error}
      canOperate={sessionInfo(principal).can.operate}
      tierLabel={tierLabelKey()}
      present={query.present === "1"}
      initialStep={Number.isInteger(step) && step >= 1 ? step : 1}
    />
  );
}

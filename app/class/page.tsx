// `/class`: the class link — follows whoever presents a lab (docs/classroom.md). Read access is enough, so the
// anonymous viewer (NETATLAS_ANONYMOUS_VIEWER=1) can follow too.
import { ClassView } from "@/components/labs/ClassView";
import { sessionInfo } from "@/lib/auth/account";
import { requirePage } from "@/lib/auth/page";
import { load } from "@/lib/http/load";
import { currentTopology } from "@/lib/live/hub";
import { tierLabelKey } from "@/lib/settings/map";

export const dynamic = "force-dynamic";

export default async function ClassPage() {
  const { principal } = await requirePage("/class");
  const { data, error } = await load(currentTopology);
  return (
    <ClassView
      initial={data}
      initialError={error}
      canOperate={sessionInfo(principal).can.operate}
      tierLabel={tierLabelKey()}
    />
  );
}

// `/reach`: the reach matrix (who can reach whom) and, for a chosen cell, why and by which names.
import { Suspense } from "react";
import { ReachView } from "@/components/reach/ReachView";
import { sessionInfo } from "@/lib/auth/account";
import { requirePage } from "@/lib/auth/page";
import { load } from "@/lib/http/load";
import { currentTopology } from "@/lib/live/hub";

export const dynamic = "force-dynamic";

export default async function ReachPage({ searchParams }: { searchParams: Promise<Record<string, string>> }) {
  const query = new URLSearchParams(await searchParams);
  const { principal } = await requirePage(`/reach${query.size ? `?${query}` : ""}`);
  const { data } = await load(currentTopology);
  return (
    <Suspense>
      <ReachView initial={data} canOperate={sessionInfo(principal).can.operate} />
    </Suspense>
  );
}

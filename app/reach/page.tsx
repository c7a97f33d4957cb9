// `/reach`: the reach matrix (who can reach whom) and, for a chosen cell, why and by which names.
import { Suspense } from "react";
import { ReachView } from "@/components/reach/ReachView";
import { sessionInfo } from "@/lib/auth/account";
import { requirePage } from "@/lib/auth/page";

export const dynamic = "force-dynamic";

export default async function ReachPage({ searchParams }: { searchParams: Promise<Record<string, string>> }) {
  const query = new URLSearchParams(await searchParams);
  const { principal } = await requirePage(`/reach${query.size ? `?${query}` : ""}`);
  // No topology in the page itself: the live stream brings it (at scale the page would carry megabytes twice).
  return (
    <Suspense>
      <ReachView initial={null} canOperate={sessionInfo(principal).can.operate} />
    </Suspense>
  );
}

// `/findings`: what a careful reviewer would point out in the topology, with why and the fix.
import { FindingsView } from "@/components/findings/FindingsView";
import { requirePage } from "@/lib/auth/page";
import { load } from "@/lib/http/load";
import { currentTopology } from "@/lib/live/hub";

export const dynamic = "force-dynamic";

export default async function FindingsPage() {
  await requirePage("/findings");
  const { data } = await load(currentTopology);
  return <FindingsView initial={data} />;
}

// `/findings`: what a careful reviewer would point out in the topology, with why and the fix.
import { FindingsView } from "@/components/findings/FindingsView";
import { requirePage } from "@/lib/auth/page";

export const dynamic = "force-dynamic";

export default async function FindingsPage() {
  await requirePage("/findings");
  // No topology in the page itself: the live stream brings it.
  return <FindingsView initial={null} />;
}

// `/snapshot`: snapshot mode. A snapshot file opened here is read in the browser alone (no engine, no live
// stream): the map, tables, reach, DNS and findings as they were, and a comparison with a second snapshot.
import { SnapshotView } from "@/components/snapshot/SnapshotView";
import { requirePage } from "@/lib/auth/page";

export const dynamic = "force-dynamic";

export default async function SnapshotPage() {
  await requirePage("/snapshot");
  return <SnapshotView />;
}

// `/containers`: every container with its state, network mode, networks, addresses and published ports.
import { ContainersTable } from "@/components/ContainersTable";
import { ErrorScreen } from "@/components/ErrorScreen";
import { ListFrame } from "@/components/PageFrame";
import { requirePage } from "@/lib/auth/page";
import { load } from "@/lib/http/load";
import { currentTopology } from "@/lib/live/hub";
import { buildTopology } from "@/lib/topology/build";

export const dynamic = "force-dynamic";

export default async function ContainersPage({ searchParams }: { searchParams: Promise<{ q?: string }> }) {
  const { q } = await searchParams;
  await requirePage(q ? `/containers?q=${encodeURIComponent(q)}` : "/containers");
  const { data, error } = await load(currentTopology);
  if (error) return <ErrorScreen error={error} />;
  const model = buildTopology(data);
  const rows = model.containers.map((container) => ({
    container,
    endpoints: model.endpoints.filter((e) => e.engine === container.engine && e.containerId === container.id),
  }));
  return (
    <ListFrame title="Containers" engines={model.engines}>
      <ContainersTable rows={rows} initialFilter={q} />
    </ListFrame>
  );
}

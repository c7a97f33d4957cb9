// `/engines`: every Docker engine Netatlas follows and how each is doing (up, down since when, last event,
// events lag, API version); admins also add, test, change and remove engines and import docker contexts.
import type { Metadata } from "next";
import { ErrorScreen } from "@/components/ErrorScreen";
import { EnginesPanel } from "@/components/engines/EnginesPanel";
import { requirePage } from "@/lib/auth/page";
import { listEngines } from "@/lib/engines/manage";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Engines · Netatlas" };

export default async function EnginesPage() {
  const { principal, denied } = await requirePage("/engines", "read");
  if (denied) return <ErrorScreen error={denied} />;
  const admin = principal.kind === "session" && principal.role === "admin";
  return (
    <div className="h-full overflow-auto p-4">
      <h1 className="mb-1 text-lg font-semibold">Engines</h1>
      <p className="mb-3 max-w-3xl text-sm text-slate-600">
        The Docker engines on the map and how each is doing.{" "}
        {admin
          ? "Add an engine by its unix socket, tcp:// with TLS, or ssh://; engines set in the environment are changed there."
          : "Admins add and change engines here."}
      </p>
      <EnginesPanel initial={listEngines(admin)} admin={admin} />
    </div>
  );
}

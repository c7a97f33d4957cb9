// `/users` (admins): who may use Netatlas and in which role; add, re-role and remove people.
import type { Metadata } from "next";
import { UsersPanel } from "@/components/auth/UsersPanel";
import { ErrorScreen } from "@/components/ErrorScreen";
import { requirePage } from "@/lib/auth/page";
import { listUsers } from "@/lib/auth/users";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Users · Netatlas" };

export default async function UsersPage() {
  const { principal, denied } = await requirePage("/users", "admin");
  if (denied) return <ErrorScreen error={denied} />;
  return (
    <div className="h-full overflow-auto p-4">
      <h1 className="mb-1 text-lg font-semibold">Users</h1>
      <p className="mb-3 max-w-2xl text-sm text-slate-600">
        Viewers see the map; operators also change networks and connections; admins also manage users and read
        the audit log.
      </p>
      <UsersPanel initial={listUsers()} selfId={principal.user?.id ?? 0} />
    </div>
  );
}

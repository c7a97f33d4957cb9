// `/labs`: the lab library — short lessons on a real engine (docs/labs.md), each opened beside the live map.
import Link from "next/link";
import { LabsList } from "@/components/labs/LabsList";
import { sessionInfo } from "@/lib/auth/account";
import { requirePage } from "@/lib/auth/page";

export const dynamic = "force-dynamic";

export default async function LabsPage() {
  const { principal } = await requirePage("/labs");
  const can = sessionInfo(principal).can;
  return (
    <div className="h-full overflow-auto p-4">
      <div className="mb-3 flex items-baseline gap-4">
        <h1 className="text-lg font-semibold">Labs</h1>
        <Link href="/class" className="text-sm text-slate-700 underline">
          Follow a class
        </Link>
      </div>
      <LabsList showInvalid={can.operate || can.admin} />
    </div>
  );
}

// `/setup`: first run only. Creates the first admin with the one-time token from the server log
// (?token= prefills it, as in the printed link); once anyone exists this page sends people to sign in.
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/AuthCard";
import { SetupForm } from "@/components/auth/SetupForm";
import { setupPending } from "@/lib/auth/setup";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Set up · Netatlas" };

export default async function SetupPage({
  searchParams,
}: {
  searchParams: Promise<{ token?: string | string[] }>;
}) {
  const { token } = await searchParams;
  if (!setupPending()) redirect("/login");
  return (
    <AuthCard title="Set up Netatlas">
      <SetupForm token={(Array.isArray(token) ? token[0] : token) ?? ""} />
    </AuthCard>
  );
}

// `/login`: sign in with a user name and password, then go back to the page that sent you here (?next=).
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/AuthCard";
import { LoginForm } from "@/components/auth/LoginForm";
import { safeNext } from "@/components/auth/safe-next";
import { pagePrincipal } from "@/lib/auth/page";
import { setupPending } from "@/lib/auth/setup";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sign in · Netatlas" };

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<{ next?: string | string[] }>;
}) {
  const next = safeNext((await searchParams).next);
  if (setupPending()) redirect("/setup");
  if ((await pagePrincipal())?.kind === "session") redirect(next);
  return (
    <AuthCard title="Sign in to Netatlas">
      <LoginForm next={next} />
    </AuthCard>
  );
}
